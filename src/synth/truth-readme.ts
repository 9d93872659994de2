// The README written into OUT/truth/.
export const TRUTH_README = `# Ground truth of a hearth synth county

Everything here is what really happened in the synthetic county. The files in ../sources/ are
what the agencies recorded, with their own columns, codings and errors. Dates are ISO yyyy-mm-dd;
an empty \`to\` means still open at the end of the window.

| file | one row per | columns |
| --- | --- | --- |
| people.csv | person | person_id, given_name, middle_names, family_name (current), birth_family_name, name_changed_on (marriage), date_of_birth, sex (M/F), nhs_number, upn (pupils only), ni_number (16 and over), origin (name group) |
| households.csv | household: a group living at one address for a period; a move starts a new household | household_id, uprn, address, postcode, locality, town, from, to |
| residence.csv | person × household period | person_id, household_id, from, to |
| families.csv | family unit | family_id, structure (the scenario that made it: couple_kids, lone_parent, blended, multigen, multi_father, adult_children, expectant), dependent_children (Y when a child under 18 is a member at --to, or a baby is due), expected_due, planted_needs (the needs the generator set out to plant) |
| family_members.csv | membership | family_id, person_id, role (parent, step_parent, child, other_adult, non_resident_parent), from, to. A person may be in several families (a father with children by several mothers); a parent who moves out ends as parent and starts as non_resident_parent |
| records.csv | source row, duplicates and malformed rows included | source, record_id, person_id, household_id (where the person truly lived on the event date), errors (space-separated error kinds applied to that row), duplicate_of (record_id of the row this one repeats), malformed (1 when the row has the wrong number of fields) |
| needs.csv | family × framework × need × person | family_id, framework (tf2012, tf2015, sf2022), need, person_id, evidence (space-separated source:record_id of the true events that show it) |
| past_needs.csv | family × need × person, only with --past-needs | family_id, framework (sf2022), need, person_id, from, to (the days the need was present, by the readings below: from the first event until 12 months after the last, or after an episode ended; a benefit while it was open), evidence. These families had their needs about two years before --to and none since |
| summary.json | — | counts: people, households, families, families with dependent children and how many have 1+, 2+, 3+ distinct needs per framework; rows per source |

## How needs are evaluated (at the --to date, from true events only)

L = the 12 months up to --to; "last three terms" = the three latest terms ending on or before --to.

- tf2012 crime_asb: a child (under 18) with a proven offence (police offender with outcome CHG/CAU/YC/YCC, or a youth justice disposal) in L, or anyone with an ASB incident as suspect, or an ASB notice seeking possession, in L.
- tf2012 education: a child permanently excluded, or with 3+ suspensions, or with 15%+ unauthorised absence, in the last three terms.
- tf2012 work / tf2015 worklessness / sf2022 financial_stability: an adult on an out-of-work benefit at --to, or on Universal Credit at --to in an out-of-work regime (SFW, PFW, PREP).
- tf2015 crime / sf2022 crime: a proven offence (any age) or ASB as suspect in L.
- tf2015 school_attendance / sf2022 education: a child with 10%+ absence over the last three terms, or any suspension or permanent exclusion in them.
- tf2015 children_need_help / sf2022 children_safe: a child with a child in need, child protection or looked after episode open at any time in L.
- tf2015 domestic_abuse / sf2022 domestic_abuse: a member named in a domestic abuse notification (victim, perpetrator or child) in L.
- tf2015 health: a mental health referral or substance misuse episode open in L; sf2022 splits these into health and substance_use.
- sf2022 housing: rent arrears, notice seeking possession (rent), eviction or homelessness in L, or temporary accommodation open at --to.

Members counted are those whose membership is current at --to. Early years and family relationships
(sf2022) and the tf2012 local criterion are not planted.
`;
