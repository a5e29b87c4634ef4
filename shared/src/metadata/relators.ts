/**
 * MARC relator codes (https://id.loc.gov/vocabulary/relators) for the contributor roles a trade or
 * academic book carries. A fixed subset, chosen for what publishers put in ONIX and EPUB `role`
 * refinements; the full list has ~300 codes and can be added to here when someone needs one.
 */
export const RELATORS = {
  aut: 'Author',
  edt: 'Editor',
  ill: 'Illustrator',
  trl: 'Translator',
  aui: 'Author of introduction',
  aft: 'Author of afterword',
  pht: 'Photographer',
  nrt: 'Narrator',
  ctb: 'Contributor',
  com: 'Compiler',
  cov: 'Cover designer',
  bkd: 'Book designer',
  clr: 'Colorist',
  art: 'Artist',
  adp: 'Adapter',
  ann: 'Annotator',
  ant: 'Bibliographic antecedent',
  cmm: 'Commentator',
  csl: 'Consultant',
  dsr: 'Designer',
  pbd: 'Publishing director',
  pfr: 'Proofreader',
  prf: 'Performer',
  red: 'Redaktor',
  rev: 'Reviewer',
  win: 'Writer of introduction',
  wpr: 'Writer of preface',
  wam: 'Writer of accompanying material',
  ccp: 'Conceptor',
  cre: 'Creator',
} as const;

export type RelatorCode = keyof typeof RELATORS;
export const RELATOR_CODES = Object.keys(RELATORS) as RelatorCode[];

export function isRelatorCode(code: string): code is RelatorCode {
  return Object.hasOwn(RELATORS, code);
}

export function relatorLabel(code: string): string | null {
  return isRelatorCode(code) ? RELATORS[code] : null;
}
