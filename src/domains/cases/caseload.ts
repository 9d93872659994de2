// A keyworker's count of open cases against the team's guidance (the seeds: 5–10 for the most
// complex families, 12–15 for lighter ones; each team sets its own range).

export type CaseloadStatus = 'below' | 'within' | 'at_limit' | 'over';

export function caseloadStatus(openCases: number, min: number, max: number): CaseloadStatus {
  if (openCases > max) return 'over';
  if (openCases === max) return 'at_limit';
  if (openCases < min) return 'below';
  return 'within';
}

export const CASELOAD_STATUS_LABELS: Record<CaseloadStatus, { text: string; colour: string }> = {
  below: { text: 'Below guidance', colour: 'blue' },
  within: { text: 'Within guidance', colour: 'green' },
  at_limit: { text: 'At limit', colour: 'yellow' },
  over: { text: 'Over guidance', colour: 'red' },
};
