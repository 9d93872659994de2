// Given-name equivalence groups (nicknames, short forms, common spelling variants) for English
// given names. A name may sit in several groups (e.g. 'alex' → alexander and alexandra).

const GROUPS: string[] = [
  'alexander alex alec alexandr sandy sasha xander',
  'alexandra alex alexa lexi lexie sandra sandy sasha',
  'andrew andy drew andie',
  'anthony tony antony anton',
  'benjamin ben benny benji',
  'charles charlie chas chuck charley carl',
  'charlotte charlie lottie lotte carly',
  'christopher chris kit topher christoph',
  'christine chris chrissy christina kristina tina',
  'daniel dan danny',
  'david dave davy davie',
  'edward ed eddie ned ted teddy eddy',
  'elizabeth liz lizzie lizzy beth betty bess bessie eliza libby elisabeth lisa elspeth betsy',
  'frederick fred freddie freddy fredrick',
  'gabriel gabe gabby',
  'henry harry hal hank',
  'harold harry hal',
  'isabel isabelle isabella izzy bella issy',
  'jacob jake jakey',
  'james jim jimmy jamie jimbo',
  'jennifer jen jenny jenni',
  'jessica jess jessie',
  'john jack johnny jon jonny',
  'jonathan jon jonny nathan john',
  'joseph joe joey jo',
  'josephine jo josie jojo',
  'katherine kate katie kathy kath kat catherine cathy cath kathryn kathleen kay kitty katy',
  'lawrence larry laurence laurie',
  'leonard leo len lenny',
  'margaret maggie meg peggy marge maisie greta margot madge',
  'matthew matt matty',
  'michael mike mick mickey micky mikey',
  'nicholas nick nicky nico',
  'nicola nicky nikki nicole',
  'oliver ollie olly',
  'patrick pat paddy',
  'patricia pat patty trish tricia',
  'peter pete',
  'philip phil pip phillip',
  'rebecca becky becca bec',
  'richard rich rick ricky dick richie',
  'robert rob robbie bob bobby bert robin',
  'ronald ron ronnie',
  'samuel sam sammy',
  'samantha sam sammy',
  'sarah sara sally sadie',
  'stephen steve steven stevie stephan',
  'susan sue susie suzanne suzie',
  'thomas tom tommy thom',
  'timothy tim timmy',
  'victoria vicky vikki tori',
  'william will bill billy willie liam willy',
  'zachary zach zack',
  'abigail abby abbie gail',
  'amelia amy millie mia',
  'anne ann annie anna hannah nan nancy',
  'barbara barb babs',
  'deborah debbie deb debra',
  'dorothy dot dottie dolly',
  'eleanor ellie nell nellie ella elle elinor',
  'emily em emmy millie',
  'emma em emmy',
  'florence flo florrie',
  'frances fran frankie fanny',
  'francis frank frankie',
  'gregory greg',
  'jacqueline jackie jacky',
  'joshua josh',
  'kenneth ken kenny',
  'louise lou lulu louisa',
  'lucy lu lucie',
  'mary molly polly mae may marie maria',
  'mohammed muhammad mohammad mohamed muhammed mohamad',
  'natalie nat natasha tash',
  'raymond ray',
  'ruth ruthie',
  'sophie sophia soph',
  'terence terry',
  'theodore theo ted teddy',
  'valerie val',
  'vincent vince vinny',
  'walter walt wally',
  'gerald gerry jerry',
  'jeremy jerry',
  'donald don donnie',
  'douglas doug dougie',
  'albert al bert bertie',
  'alfred alf alfie fred',
  'arthur art artie',
  'archibald archie',
  'sebastian seb',
  'dominic dom',
  'harriet hattie harry',
  'georgina georgie gina',
  'george georgie',
  'jennifer jenna',
  'ashley ash',
  'kimberley kim kimberly',
  'leslie les lesley',
  'nathaniel nat nathan nate',
  'rosemary rose rosie',
  'rosalind rose rosie roz',
  'ryan rian',
  'sean shaun shawn',
  'stuart stewart stu',
  'geoffrey geoff jeff jeffrey',
  'graham graeme',
  'ian iain',
  'steven stephen',
];

/** name → group ids it belongs to */
const groupsOf = new Map<string, number[]>();
GROUPS.forEach((line, id) => {
  for (const n of line.split(' ')) {
    const list = groupsOf.get(n);
    if (list) { if (!list.includes(id)) list.push(id); } else groupsOf.set(n, [id]);
  }
});

/** Group ids a normalised given name belongs to (empty when none). */
export function nicknameGroups(name: string): readonly number[] {
  return groupsOf.get(name) ?? [];
}

/** True when the two names share a nickname group (e.g. 'bill' and 'william'). */
export function areNicknames(a: string, b: string): boolean {
  if (!a || !b || a === b) return false;
  const ga = groupsOf.get(a);
  const gb = groupsOf.get(b);
  if (!ga || !gb) return false;
  for (const x of ga) if (gb.includes(x)) return true;
  return false;
}

/**
 * A canonical key for blocking: the smallest group id of the name, or -1. Names in several groups
 * only block with one of them; comparison uses `areNicknames`, which checks all groups.
 */
export function nicknameKey(name: string): number {
  const g = groupsOf.get(name);
  if (!g) return -1;
  let min = g[0]!;
  for (const x of g) if (x < min) min = x;
  return min;
}
