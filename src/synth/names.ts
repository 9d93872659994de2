// Compact name frequency tables for a synthetic English county. Each list is in rough order of
// frequency within its group (ONS/first-name statistics shape, not their figures); weights fall off
// as 1/rank^0.8 so the top names are common and the tail is long. Entirely synthetic use.
import { Rng, Weighted } from './prng.ts';

export type Origin = 'white_british' | 'irish' | 'south_asian' | 'black_african' | 'black_caribbean' | 'eastern_european' | 'chinese';

/** Share of the county's households by the origin of the household head (roughly an English shire county). */
export const ORIGIN_SHARES: readonly (readonly [Origin, number])[] = [
  ['white_british', 0.76], ['irish', 0.03], ['south_asian', 0.08], ['black_african', 0.035],
  ['black_caribbean', 0.02], ['eastern_european', 0.06], ['chinese', 0.015],
];

interface Tables { surnames: string; male: string[]; female: string[] }

// Forename eras: born before 1965, 1965–1994, 1995 on. Groups with one list use it for every era.
const T: Record<Origin, Tables> = {
  white_british: {
    surnames: 'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Cook Carter Richardson Bailey Collins Bell Shaw Miller Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Mason Webb Rogers Holmes Mills Lloyd Knight Dixon Hunt Palmer Stevens Barnes Fletcher Gibson Pearson Butler Lawrence Hudson Armstrong Atkinson Matthews Thomson Stephens Reid Read Reed Hopkins Jenkins Pritchard Howarth Ashworth Whitehead Heywood Sutcliffe Greenwood Hargreaves Pickering Naylor Jefferson Bradshaw Fairclough Thorpe Gough Hartley Rowley Cartwright Blackburn Ogden',
    male: [
      'John David Michael Peter Robert Anthony Brian Alan William James Richard Kenneth Roger Keith Terence Colin Barry Stephen Graham Raymond Derek Ronald Geoffrey Malcolm Dennis Trevor George Christopher Thomas Frank Gordon Philip Leslie Eric',
      'David Paul Mark Andrew Richard Christopher James Stephen Michael Daniel Matthew Lee Darren Craig Jason Robert Simon Gary Steven Thomas Jonathan Adam Wayne Dean Carl Anthony Jamie Ian Neil Kevin Shaun Ryan Scott William Benjamin Nicholas Jonathon Stuart Martin Philip',
      'Oliver Jack Harry George Noah Charlie Jacob Thomas Oscar William James Joshua Alfie Leo Freddie Archie Henry Ethan Isaac Alexander Max Lucas Samuel Joseph Daniel Logan Dylan Mason Riley Harrison Theo Finley Tyler Liam Jake Callum Kyle Connor Bradley Lewis Ryan Matthew Benjamin Edward Frederick Theodore Zachary Nathan Aaron Reece',
    ],
    female: [
      'Margaret Patricia Susan Christine Linda Elizabeth Mary Janet Pauline Jean Carol Barbara Sandra Maureen Ann Valerie Brenda Sheila Jacqueline Kathleen Gillian Dorothy Joan Irene Sylvia Jennifer Catherine Diane Elaine Wendy Pamela Deborah Josephine',
      'Sarah Claire Emma Nicola Lisa Michelle Karen Rachel Laura Joanne Kelly Louise Samantha Donna Julie Amanda Rebecca Victoria Gemma Stacey Hayley Kirsty Natalie Catherine Jennifer Helen Elizabeth Katie Charlotte Jessica Zoe Danielle Leanne Tracey Kerry Deborah Kimberley Alexandra Katherine Stephanie',
      'Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Isabella Evie Jessica Sophie Chloe Charlotte Ruby Freya Daisy Millie Phoebe Holly Lucy Megan Hannah Ellie Abigail Amy Lauren Rebecca Bethany Courtney Georgia Elizabeth Katie Leah Paige Molly Eleanor Alexandra Victoria Samantha Isabelle',
    ],
  },
  irish: {
    surnames: "Murphy Kelly O'Brien O'Connor Ryan Byrne Walsh O'Sullivan Doyle McCarthy Gallagher Doherty Kennedy Lynch Quinn Brennan Fitzgerald Nolan Maguire Boyle Kavanagh Donnelly McLaughlin Daly Flanagan Sheehan O'Neill Keane Regan Connolly",
    male: ['Patrick Michael Sean John Kevin Declan Brendan Thomas Dermot Gerard Francis', 'Sean Ciaran Conor Declan Niall Patrick Eoin Liam Kevin Padraig Michael Damien', 'Conor Cian Liam Darragh Oisin Sean Jack Fionn Ronan Callum Cillian'],
    female: ['Mary Bridget Kathleen Margaret Eileen Maureen Theresa Noreen Patricia', 'Siobhan Niamh Sinead Orla Aisling Roisin Mary Ciara Deirdre Grainne Claire', 'Aoife Niamh Ciara Caoimhe Saoirse Roisin Orla Erin Ella Aisling Sophie'],
  },
  south_asian: {
    surnames: 'Khan Patel Ahmed Ali Hussain Begum Shah Iqbal Akhtar Rahman Mahmood Bibi Singh Kaur Sharma Kumar Mistry Chauhan Islam Uddin Miah Choudhury Malik Butt Rashid Aziz Javed Parveen Bhatti Sandhu Gill Sidhu Hassan Haque Mohammed Siddiqui Qureshi Anwar Chaudhry Lal',
    male: ['Mohammed Muhammad Ahmed Ali Hassan Imran Asif Tariq Mohammad Abdul Rajesh Sanjay Mohinder Gurpreet Harjit Arif Javed Zahid Nadeem Shahid', 'Mohammed Muhammad Imran Asif Tariq Kamran Faisal Adil Amir Bilal Omar Rajesh Sanjay Arjun Rohan Harpreet Sukhwinder Mandeep Waqas Usman', 'Muhammad Mohammed Ibrahim Yusuf Zain Ayaan Rayyan Hamza Zakariya Omar Bilal Arjun Rohan Aryan Ismail Musa Haris Ayan Veer Dev'],
    female: ['Fatima Nasreen Parveen Shamim Rubina Samina Shazia Sunita Harjit Surinder Balwinder Razia Rukhsana Nusrat', 'Fatima Aisha Ayesha Nadia Samina Shazia Rubina Priya Anjali Sunita Jaspreet Simran Yasmin Sana Saima Farzana Sadia', 'Aisha Maryam Zainab Fatima Amina Hafsa Inaya Zara Khadija Noor Aleena Anaya Priya Simran Sana Safa Eesha Amelia'],
  },
  black_african: {
    surnames: 'Okafor Adeyemi Mensah Owusu Boateng Osei Mohamed Abdi Ibrahim Okoro Nwosu Eze Adebayo Asante Appiah Kamara Sesay Diallo Mwangi Ochieng Ndlovu Moyo Tesfaye Ahmed Warsame Yusuf Oladipo Afolabi Ogunleye Bangura Okonkwo Agyeman',
    male: ['Emmanuel Samuel Joseph David Kwame Kofi Abdullahi Mohamed Chukwuemeka Ebenezer Tunde Femi', 'Emmanuel Samuel Oluwaseun Kwame Kofi Daniel David Chidi Tendai Tunde Abdullahi Mohamed Prince Kwabena Femi', 'Daniel David Samuel Joshua Emmanuel Jayden Mohamed Abdirahman Tobi David Israel Ayomide Elijah Favour Junior'],
    female: ['Grace Comfort Esther Mercy Fatuma Abena Ama Ngozi Florence Deborah', 'Grace Blessing Chioma Ngozi Adaeze Abena Ama Faith Esther Hodan Amina Nneka Folake Temitope Joy', 'Precious Favour Blessing Grace Amira Hodan Esther Deborah Temitope Ifeoma Zainab Amina Faith Angel Comfort'],
  },
  black_caribbean: {
    surnames: 'Campbell Brown Williams Thomas Francis Grant Robinson Johnson Henry Clarke Bailey Gordon Reid Stewart Morgan Edwards Lewis Walker Richards Samuels Hylton McKenzie Barnes Wright Forbes Bennett Douglas Spencer Gayle Blake',
    male: ['Winston Delroy Lloyd Errol Clinton Leroy Carlton Desmond Neville Vincent Everton', 'Marcus Leon Delroy Tyrone Jermaine Andre Dwayne Kareem Nathaniel Devon Marlon Darren Wayne', 'Isaiah Jayden Malachi Tyrese Kai Elijah Josiah Nathaniel Jaden Tyler Kyrie Reuben'],
    female: ['Marcia Beverley Hyacinth Pauline Sonia Joy Gloria Yvonne Carmen Merline', 'Marcia Sharon Janelle Keisha Shanice Tanisha Chantelle Simone Natasha Nicole Donna Kerry-Ann', 'Aaliyah Jasmine Naomi Jada Imani Amara Tia Kiara Nia Zara Leah Shanice'],
  },
  eastern_european: {
    surnames: 'Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Popescu Ionescu Popa Radu Stan Dumitru Constantin Kazlauskas Jankauskas Petrauskas Bērziņš Horvat Novák Dvořák Balogh',
    male: ['Jan Stanisław Andrzej Józef Tadeusz Zbigniew Ion Gheorghe Vasile', 'Piotr Krzysztof Tomasz Paweł Michał Marcin Andrzej Łukasz Grzegorz Adam Andrei Mihai Ionut Alexandru Darius Tomas Mantas Marek Robert', 'Jakub Mateusz Kacper Szymon Filip Jan Antoni Wiktor Lukas Andrei David Matei Darius Nikola Oliwer'],
    female: ['Maria Krystyna Anna Barbara Teresa Elżbieta Janina Elena Ileana', 'Anna Katarzyna Agnieszka Magdalena Joanna Małgorzata Monika Ewa Elena Ioana Andreea Alexandra Gabriela Ieva Rūta Laura Justyna Dorota', 'Zuzanna Julia Maja Oliwia Lena Hanna Amelia Zofia Maria Ioana Sofia Emilia Natalia Wiktoria Alicja'],
  },
  chinese: {
    surnames: 'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Chan Wong Lam Cheung Ng Ho Leung Lau Tang Yip Lin Xu Sun Ma',
    male: ['Wai Kwok Chi Ming Man Kin', 'Wei Jun Hao Ming Jian Kai Jason Kevin Tony Michael Eric Raymond', 'Ryan Jayden Ethan Lucas Kai Hao Yuxuan Zihan Daniel Aaron'],
    female: ['Mei Ling Yuk Siu Lai Wai', 'Mei Li Xin Ying Yan Hui Jessica Grace Amy Wendy Vivian Helen', 'Emily Chloe Grace Yuki Zoe Jasmine Xinyi Zixuan Amy Olivia'],
  },
};

function zipf(list: string): Weighted<string> {
  const names = list.split(' ');
  return new Weighted(names.map((n, i) => [n, 1 / Math.pow(i + 1, 0.8)] as const));
}

const SURNAMES = new Map<Origin, Weighted<string>>();
const FORENAMES = new Map<string, Weighted<string>>();
for (const [origin, t] of Object.entries(T) as [Origin, Tables][]) {
  SURNAMES.set(origin, zipf(t.surnames));
  for (let era = 0; era < 3; era++) {
    FORENAMES.set(`${origin}/M/${era}`, zipf(t.male[era] as string));
    FORENAMES.set(`${origin}/F/${era}`, zipf(t.female[era] as string));
  }
}
const ORIGINS = new Weighted(ORIGIN_SHARES);

export function sampleOrigin(rng: Rng): Origin {
  return ORIGINS.sample(rng);
}

/** A family name for the origin, in the form for sex (Polish -ski/-cki → -ska/-cka for women). */
export function sampleSurname(rng: Rng, origin: Origin): string {
  return (SURNAMES.get(origin) as Weighted<string>).sample(rng);
}

/** The family name as a person of this sex would carry it. */
export function surnameForSex(surname: string, sex: 'M' | 'F'): string {
  if (sex === 'F') {
    if (/(ski|cki|dzki)$/.test(surname)) return `${surname.slice(0, -1)}a`;
    if (surname === 'Singh') return 'Kaur';
    return surname;
  }
  return MALE_FORM[surname] ?? surname;
}

// Surnames carried only by women in the tables, and the form a man in the family would carry.
const MALE_FORM: Record<string, string> = { Kaur: 'Singh', Begum: 'Miah', Bibi: 'Hussain', Parveen: 'Akhtar' };

/** A forename for origin, sex and birth year. */
export function sampleForename(rng: Rng, origin: Origin, sex: 'M' | 'F', birthYear: number): string {
  const era = birthYear < 1965 ? 0 : birthYear < 1995 ? 1 : 2;
  return (FORENAMES.get(`${origin}/${sex}/${era}`) as Weighted<string>).sample(rng);
}

/** Every surname and forename in the tables (for tests and for a linker's dictionaries). */
export function allNames(): { surnames: string[]; forenames: string[] } {
  const surnames = new Set<string>();
  const forenames = new Set<string>();
  for (const t of Object.values(T)) {
    for (const s of t.surnames.split(' ')) surnames.add(s);
    for (const l of [...t.male, ...t.female]) for (const f of l.split(' ')) forenames.add(f);
  }
  return { surnames: [...surnames], forenames: [...forenames] };
}
