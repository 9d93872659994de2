// The fictional county of Northmoor: towns, localities, streets and postcodes (area "NM", which
// is not a real postcode area). An address is a pure function of its slot number, so households
// anywhere in the county can be placed without shared state.
import { Rng, Weighted } from './prng.ts';

export interface Address {
  slot: number;
  uprn: string;
  /** "12 Mill Lane" or "Flat 3, Ashdown House, Mill Lane". */
  line1: string;
  line2: string;
  locality: string;
  town: string;
  postcode: string;
}

interface Town { name: string; districts: number[]; localities: string[]; weight: number }

export const TOWNS: readonly Town[] = [
  { name: 'Ashby Cross', districts: [1, 2, 3, 4], localities: ['Town Centre', 'Northfield', 'Brook Park', 'St Anne\'s', 'Hollins Green', 'Moor End'], weight: 30 },
  { name: 'Brackenford', districts: [5, 6, 7], localities: ['Old Town', 'Riverside', 'Westgate', 'Castle Hill', 'Lowfields'], weight: 22 },
  { name: 'Calder Bridge', districts: [8, 9], localities: ['Calder Bridge', 'Netherton', 'Greystones'], weight: 14 },
  { name: 'Dunsford', districts: [10, 11], localities: ['Dunsford', 'Kingsmead', 'Parkside'], weight: 12 },
  { name: 'Elmstead', districts: [12], localities: ['Elmstead', 'Elmstead Vale'], weight: 8 },
  { name: 'Fenwick Marsh', districts: [13, 14], localities: ['Fenwick', 'Marsh Side', 'Saltcote'], weight: 8 },
  { name: 'Thornby', districts: [15], localities: ['Thornby', 'Little Thornby', 'Ashcombe', 'Wyke'], weight: 6 },
];

const TOWN_TABLE = new Weighted(TOWNS.map((t, i) => [i, t.weight] as const));

const STREET_A = ['Mill', 'Church', 'Station', 'Park', 'Victoria', "Queen's", "King's", 'Oak', 'Ash', 'Meadow', 'Chapel', 'Bridge', 'Green', 'High',
  'School', 'Elm', 'Willow', 'Beech', 'Alder', 'Hawthorn', 'Moor', 'Brook', 'Field', 'Orchard', 'Manor', 'Albert', 'Windsor', 'Cromwell', 'Nelson',
  'Wellington', 'Grange', 'Holly', 'Larch', 'Rowan', 'Heather', 'Bracken', 'Fern', 'Heath', 'Priory', 'Abbey', 'Castle', 'Market', 'Cross', 'Well',
  'Spring', 'Fountain', 'Kestrel', 'Heron', 'Swallow', 'Lark', 'Canal', 'Railway', 'Foundry', 'Forge', 'Tannery', 'Weaver', 'Cooper', 'Chandler'];
const STREET_B = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Way', 'Crescent', 'Gardens', 'Court', 'Terrace', 'Grove', 'View', 'Rise', 'Place', 'Walk'];
const BLOCKS = ['House', 'Court', 'Lodge', 'Heights', 'Mews'];
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Slots per street: consecutive slots share a street, and 12 consecutive slots share a postcode unit. */
const STREET_SLOTS = 48;
const UNIT_SLOTS = 12;

export function addressOf(slot: number): Address {
  const street = Math.floor(slot / STREET_SLOTS);
  const r = new Rng(0x4e4d, 7, street);
  const town = TOWNS[TOWN_TABLE.sample(r)] as Town;
  const locality = r.pick(town.localities);
  const district = r.pick(town.districts);
  const streetName = `${r.pick(STREET_A)} ${r.pick(STREET_B)}`;
  const flats = r.chance(0.15);
  const block = flats ? `${r.pick(STREET_A)} ${r.pick(BLOCKS)}` : '';
  const unit = Math.floor(slot / UNIT_SLOTS);
  const u = new Rng(0x4e4d, 8, unit);
  const postcode = `NM${district} ${u.int(1, 9)}${u.pick([...UNIT_LETTERS])}${u.pick([...UNIT_LETTERS])}`;
  const n = (slot % STREET_SLOTS) + 1;
  const line1 = flats ? `Flat ${n}, ${block}` : String(n * 2 - (street % 2));
  return {
    slot,
    uprn: String(100100000000 + slot * 3 + (unit % 3)),
    line1: flats ? line1 : `${line1} ${streetName}`,
    line2: flats ? streetName : '',
    locality,
    town: town.name,
    postcode,
  };
}

/** The address as one line: "12 Mill Lane, Northfield, Ashby Cross". */
export function addressText(a: Address): string {
  const parts = [a.line1, a.line2, a.locality === a.town ? '' : a.locality, a.town];
  return parts.filter((p) => p !== '').join(', ');
}
