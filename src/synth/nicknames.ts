// Formal given names and the short forms English records use for them. Shared: the linker may
// import NICKNAMES / nicknamesOf / formalNamesOf to treat "Bill" and "William" as the same name.

/** Formal name → common short forms and familiar variants. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will', 'Billy', 'Liam'], Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'], Richard: ['Rick', 'Dick', 'Richie', 'Rich'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie', 'Betty', 'Eliza'], Margaret: ['Maggie', 'Peggy', 'Meg', 'Marg'], Catherine: ['Kate', 'Katie', 'Cathy', 'Cath'],
  Katherine: ['Kate', 'Katie', 'Kathy', 'Kath'], Kathleen: ['Kath', 'Kathy'], Michael: ['Mike', 'Mick', 'Mikey'], James: ['Jim', 'Jimmy', 'Jamie'],
  Thomas: ['Tom', 'Tommy'], Christopher: ['Chris', 'Kit'], Alexander: ['Alex', 'Sandy', 'Xander'], Anthony: ['Tony', 'Ant'],
  Daniel: ['Dan', 'Danny'], Matthew: ['Matt'], Joseph: ['Joe', 'Joey'], Samuel: ['Sam', 'Sammy'], Benjamin: ['Ben', 'Benny'],
  Edward: ['Ed', 'Eddie', 'Ted', 'Ned'], Jonathan: ['Jon', 'Jonny'], Jonathon: ['Jon', 'Jonny'], Nicholas: ['Nick', 'Nicky'], Andrew: ['Andy', 'Drew'],
  Stephen: ['Steve', 'Stevie'], Steven: ['Steve', 'Stevie'], David: ['Dave', 'Davey'], Peter: ['Pete'], Patrick: ['Pat', 'Paddy'],
  Kenneth: ['Ken', 'Kenny'], Terence: ['Terry'], Raymond: ['Ray'], Ronald: ['Ron', 'Ronnie'], Frederick: ['Fred', 'Freddie'],
  Alfred: ['Alf', 'Alfie'], Henry: ['Harry', 'Hal'], Charles: ['Charlie'], Jacob: ['Jake'], Joshua: ['Josh'], Zachary: ['Zach', 'Zack'],
  Oliver: ['Ollie', 'Olly'], Harrison: ['Harry'], Theodore: ['Theo', 'Ted'], Nathaniel: ['Nate', 'Nathan'], Gerard: ['Gerry'],
  Francis: ['Frank', 'Fran'], Leslie: ['Les'], Philip: ['Phil'], Geoffrey: ['Geoff'], Gordon: ['Gordy'], Dennis: ['Den'],
  Mohammed: ['Mo', 'Mohd'], Muhammad: ['Mo', 'Mohd'], Mohammad: ['Mo', 'Mohd'], Abdullahi: ['Abdi'], Emmanuel: ['Manny'], Oluwaseun: ['Seun'],
  Chukwuemeka: ['Emeka'], Oluwatobi: ['Tobi'], Ebenezer: ['Ebby'],
  Rebecca: ['Becky', 'Becca'], Jessica: ['Jess', 'Jessie'], Victoria: ['Vicky', 'Tori'], Samantha: ['Sam', 'Sammy'], Jennifer: ['Jen', 'Jenny'],
  Susan: ['Sue', 'Susie'], Patricia: ['Pat', 'Trish', 'Tricia'], Deborah: ['Debbie', 'Deb'], Christine: ['Chris', 'Chrissie'],
  Jacqueline: ['Jackie'], Pamela: ['Pam'], Barbara: ['Babs'], Abigail: ['Abbie', 'Abby'], Charlotte: ['Charlie', 'Lottie'],
  Isabella: ['Bella', 'Izzy'], Isabelle: ['Izzy', 'Belle'], Amelia: ['Millie', 'Amy'], Olivia: ['Liv', 'Livvy'], Eleanor: ['Ellie', 'Nell'],
  Gillian: ['Gill', 'Jill'], Alexandra: ['Alex', 'Lexi', 'Sandra'], Nicola: ['Nicky', 'Nikki'], Danielle: ['Dani'], Natalie: ['Nat'],
  Sophie: ['Soph'], Sophia: ['Sophie'], Josephine: ['Jo', 'Josie'], Joanne: ['Jo'], Dorothy: ['Dot', 'Dottie'], Valerie: ['Val'],
  Sandra: ['Sandy'], Kimberley: ['Kim'], Megan: ['Meg'], Stephanie: ['Steph'], Bridget: ['Biddy'], Theresa: ['Tess', 'Terri'],
  Katarzyna: ['Kasia'], Małgorzata: ['Gosia'], Agnieszka: ['Aga'], Krzysztof: ['Krzys'], Aleksander: ['Olek'], Stanisław: ['Staszek'],
  Zuzanna: ['Zuza'], Alicja: ['Ala'], Wiktoria: ['Wika'], Magdalena: ['Magda'],
};

const REVERSE = new Map<string, string[]>();
for (const [formal, nicks] of Object.entries(NICKNAMES)) {
  for (const n of nicks) {
    const key = n.toLowerCase();
    const list = REVERSE.get(key) ?? [];
    list.push(formal);
    REVERSE.set(key, list);
  }
}

/** Short forms of a formal given name (case-insensitive), [] if none. */
export function nicknamesOf(formal: string): readonly string[] {
  const key = formal.charAt(0).toUpperCase() + formal.slice(1).toLowerCase();
  return NICKNAMES[key] ?? NICKNAMES[formal] ?? [];
}

/** Formal names a short form may stand for (case-insensitive), [] if none. */
export function formalNamesOf(nickname: string): readonly string[] {
  return REVERSE.get(nickname.toLowerCase()) ?? [];
}

/** True when two given names are the same or one is a known short form of the other. */
export function sameGivenName(a: string, b: string): boolean {
  const x = a.trim().toLowerCase(), y = b.trim().toLowerCase();
  if (x === y) return true;
  return formalNamesOf(x).some((f) => f.toLowerCase() === y) || formalNamesOf(y).some((f) => f.toLowerCase() === x)
    || formalNamesOf(x).some((f) => formalNamesOf(y).includes(f));
}
