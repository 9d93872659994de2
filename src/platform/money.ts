// Money is held as integer pence and shown as "£1,234.56". One formatter, built once.
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function formatPounds(pence: number): string {
  return POUNDS.format(pence / 100);
}
