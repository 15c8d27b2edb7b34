import { lines } from './caret';

/** A small bank: two competencies sharing a question id, and two guides choosing from them in both list styles. */
export const SERVICE_URI = 'file:///bank/service.competency.yaml';
export const RESOURCE_URI = 'file:///bank/resourcefulness.competency.yaml';
export const ONSITE_URI = 'file:///bank/guides/onsite.guide.yaml';
export const PHONE_URI = 'file:///bank/guides/phone.guide.yaml';

export const SERVICE = lines(
  'competency: Service Orientation',
  'id: service-orientation',
  'summary: >-',
  '  Treating every request as a person with a problem.',
  'questions:',
  '  - id: frustrated-user',
  '    text: Tell me about a time you helped a user who was frustrated.',
  '    areas_to_cover:',
  "      - How they read the user's state",
  '    follow_ups:',
  '      - What told you the user was frustrated?',
  '    minutes: 12',
  '  - id: explain-without-jargon',
  '    text: Describe a time you explained a technical problem without jargon.',
  '    areas_to_cover: [Checking understanding]',
  '    minutes: 8',
);

export const RESOURCE = lines(
  'competency: Resourcefulness',
  'id: resourcefulness',
  'summary: Finding a way when the answer is not documented.',
  'questions:',
  '  - id: frustrated-user',
  '    text: Tell me about a time a user was frustrated by a missing tool.',
  '  - id: unfamiliar-system',
  '    text: Tell me about a time you fixed a system you had never seen.',
);

export const ONSITE = lines(
  'guide: IT Support, onsite',
  'id: it-support-onsite',
  'duration_minutes: 30',
  'sections:',
  '  - competency: service-orientation',
  '    questions: [frustrated-user, "explain-without-jargon"]',
  '  - competency: resourcefulness',
  '    questions: [unfamiliar-system]',
  '    minutes: 15',
);

export const PHONE = lines(
  'guide: IT Support, phone screen',
  'id: it-support-phone',
  'duration_minutes: 20',
  'sections:',
  '  - competency: service-orientation',
  '    questions:',
  '      - frustrated-user',
);

export const FILES: Record<string, string> = { [SERVICE_URI]: SERVICE, [RESOURCE_URI]: RESOURCE, [ONSITE_URI]: ONSITE, [PHONE_URI]: PHONE };
