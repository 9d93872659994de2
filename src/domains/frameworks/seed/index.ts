// The frameworks Hearth ships, as versioned data: installed as version 1 for each council.
import type { FrameworkDefinition } from '../rule.types.ts';
import { sf2022 } from './sf2022.ts';
import { tf2012 } from './tf2012.ts';
import { tf2015 } from './tf2015.ts';

export const SHIPPED_FRAMEWORKS: readonly FrameworkDefinition[] = [tf2012, tf2015, sf2022];

export function shippedFramework(code: string): FrameworkDefinition | undefined {
  return SHIPPED_FRAMEWORKS.find((f) => f.code === code);
}
