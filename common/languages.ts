/** The languages this extension contributes, and the diagnostic source every problem carries. */

export const COMPETENCY_LANGUAGE_ID = 'competency-yaml';
export const GUIDE_LANGUAGE_ID = 'interview-guide-yaml';
export const LANGUAGE_IDS = [COMPETENCY_LANGUAGE_ID, GUIDE_LANGUAGE_ID] as const;

export const DIAGNOSTIC_SOURCE = 'competency-guides';
