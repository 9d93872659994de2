import type { ColumnType, Generated } from 'kysely';

/** A DATE column: always 'yyyy-mm-dd' in JavaScript. */
export type DateString = string;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T> = ColumnType<T, string | T, string | T>;
export type Id = Generated<string>;
export type { Generated };
