// Word lists for generated banks. Every phrase is ordinary IT-support and office wording: nothing a lint rule
// flags (no protected characteristic, no hypothetical), so a bank built from them is clean unless an error is
// planted on purpose.
//
// A question text is built word group by word group (opener, verb, adjective, system, symptom, group, place, timing,
// situation, outcome, ask), so that, as in banks people write, most word pairs are rare and only function-word
// pairs are common. Four groups (system, symptom, group, situation) have QUESTION_SLOT_OPTIONS options each and are
// chosen by a code in which two questions always differ in two of them, so no two texts are near duplicates.

export const QUESTION_SLOT_OPTIONS = 22;

export const OPENERS = [
  'Tell me about a time you',
  'Describe a situation where you',
  'Give me an example of when you',
  'Walk me through a time when you',
  'Tell me about a recent occasion when you',
  'Share an example of a time you',
  'Think back to a project where you',
  'Recall a specific time you',
];

export const VERBS = [
  'had to fix', 'took ownership of', 'untangled', 'inherited', 'simplified', 'rescued', 'coordinated work on',
  'were asked to sort out', 'investigated', 'rebuilt', 'stabilised', 'documented', 'cleaned up', 'took charge of',
  'recovered', 'redesigned', 'replaced', 'migrated', 'audited', 'troubleshot',
];

export const ADJECTIVES = [
  'legacy', 'shared', 'regional', 'nightly', 'temporary', 'customer-facing', 'internal', 'outsourced', 'main',
  'overloaded', 'half-finished', 'undocumented', 'recently migrated', 'borrowed', 'cloud-hosted', 'on-premises',
  'inherited', 'rarely used', 'business-critical', 'fragile', 'third-party', 'home-grown', 'unpatched', 'misconfigured',
  'brand-new', 'hand-built', 'vendor-managed', 'busy', 'patched-together', 'long-neglected',
];

export const SYSTEMS = [
  'payroll export', 'printer queue', 'VPN gateway', 'laptop image', 'password reset flow', 'ticket queue',
  'email relay', 'room booking system', 'backup job', 'licence server', 'spreadsheet macro', 'wireless network',
  'phishing filter', 'asset register', 'knowledge base', 'monitoring dashboard', 'till terminal', 'single sign-on setup',
  'database cluster', 'tablet rollout', 'file share', 'firewall rule set',
];

export const SYMPTOMS = [
  'that failed every Friday night', 'that kept dropping connections', 'that nobody had touched for ages',
  'that slowed to a crawl each morning', 'that lost records after an update', 'that locked people out at random',
  'that sent alerts nobody read', 'that stopped syncing overnight', 'that broke after a vendor patch',
  'that produced wrong totals', 'that crashed under load', 'that rejected valid logins', 'that silently skipped entries',
  'that filled its disk twice a week', 'that ran out of licences', 'that timed out during peak hours',
  'that double-charged a few orders', 'that showed stale numbers', 'that misrouted incoming requests',
  'that needed a manual restart daily', 'that clashed with a security policy', 'that only one engineer understood',
];

export const GROUPS = [
  'sales team', 'warehouse crew', 'finance office', 'reception desk', 'support floor', 'design studio', 'research lab',
  'call centre', 'accounting team', 'facilities staff', 'product group', 'quality team', 'franchise stores',
  'legal team', 'training unit', 'marketing group', 'executive assistants', 'field engineers', 'logistics planners',
  'procurement team', 'audit committee', 'branch managers',
];

export const PLACES = [
  'in the north region', 'at head office', 'on the third floor', 'at a partner company', 'across two sites',
  'at a new branch', 'in a client office', 'in the main depot', 'at the airport site', 'in the city store',
  'in the shared services centre', 'at a trade show stand', 'in the regional hub', 'in a pop-up office',
  'at the distribution centre', 'in the annex building',
];

export const TIMINGS = [
  'during', 'right after', 'just before', 'in the middle of', 'shortly after', 'on the day of', 'a week before',
  'while preparing for', 'at the start of', 'soon after',
];

export const SITUATIONS = [
  'a quarter-end close', 'a supplier interface change', 'an external audit', 'a system upgrade', 'a product launch',
  'a long incident', 'an office move', 'a power cut', 'a security review', 'a budget cut', 'a major release',
  'a merger of two teams', 'a contract renewal', 'a data centre migration', 'a board presentation',
  'a ransomware scare', 'a peak sales weekend', 'a network outage', 'an acquisition', 'a reorganisation',
  'a hardware shortage', 'a compliance deadline',
];

export const OUTCOMES = [
  'and the deadline could not move', 'and people were losing a morning of work', 'and nobody had written down how it worked',
  'and the first fix did not hold', 'and the request kept growing', 'and several teams blamed each other',
  'and the cost of downtime was climbing', 'and the records had to stay intact', 'and the vendor was slow to respond',
  'and you had never seen it before', 'and the only logs were incomplete', 'and security had to sign off',
  'and the users were already frustrated', 'and a renewal depended on it', 'and the old process had to keep running',
  'and there was no test environment', 'and the root cause sat elsewhere', 'and leadership wanted hourly updates',
];

export const ASK_STARTS = [
  'What did you do about', 'How did you handle', 'Who did you involve in', 'What did you learn from',
  'How did you explain', 'What did you change after', 'How did you decide on', 'What did you say about',
  'How did you plan', 'What went wrong with',
];

export const ASK_TOPICS = [
  'the first hour', 'the people waiting', 'the workaround', 'the root cause', 'the handover', 'the vendor',
  'the missed deadline', 'the budget', 'the escalation', 'the follow-up', 'the rollback', 'the testing',
  'the priorities', 'the pushback', 'the risk', 'the sign-off', 'the clean-up', 'the status updates',
];

export const AREAS = [
  'How they found out what the real problem was, beyond what was first reported',
  'Who they talked to before changing anything, and what they asked them',
  'The order they tackled the work in, and the reasons they give for that order',
  'How and how often they kept the affected people informed while it was open',
  'What they did personally, as opposed to what the rest of the team did',
  'How they checked that the fix actually held once the pressure was off',
  'What they wrote down afterwards so the next person would not start from zero',
  'The trade-off they made between speed and care, and whether they would repeat it',
  'How they handled pushback or disagreement from colleagues or managers',
  'The measurable result for the people they helped, in their own words',
  'What they still do differently because of this experience',
  'How and when they asked for help when they were stuck',
  'Whether they noticed the wider pattern behind the single request',
  'How they balanced this work against the rest of their queue that week',
];

export const FOLLOW_UPS = [
  'What told you that the first plan was not going to work?',
  'Who else did you need to convince, and how did you go about it?',
  'What exactly did you say in the first update you sent out?',
  'How did you decide when it was time to escalate, and to whom?',
  'What did the people affected say to you once it was over?',
  'Which step took longer than you expected, and why was that?',
  'What did you document afterwards, and where can others find it?',
  'What did you learn from it that you still use in your work today?',
  'How did you check your assumptions before acting on them?',
  'What was the hardest conversation you had along the way?',
  'What would your manager at the time say about how you handled it?',
  'Looking back, which decision are you least sure about, and why?',
];

export const TAGS = ['ownership', 'communication', 'troubleshooting', 'prioritisation', 'follow-through', 'collaboration', 'documentation', 'resilience', 'planning', 'de-escalation'];

export const SKILLS = [
  'Service Orientation', 'Incident Communication', 'Technical Troubleshooting', 'Resourcefulness', 'Ownership',
  'Prioritisation', 'Change Management', 'Knowledge Sharing', 'Stakeholder Management', 'Attention to Detail',
  'Process Improvement', 'Vendor Coordination', 'Security Awareness', 'Calm Under Pressure', 'Coaching Others',
  'Written Communication', 'Time Management', 'Root Cause Analysis', 'Customer Empathy', 'Continuous Learning',
  'Planning and Organising', 'Collaboration', 'Decision Making', 'Adaptability', 'Initiative',
  'Quality Focus', 'Risk Judgement', 'Asset Stewardship', 'Documentation Discipline', 'Escalation Judgement',
  'Conflict Resolution', 'Negotiation', 'Systems Thinking', 'Automation Mindset', 'Service Recovery',
  'Expectation Setting', 'Feedback Culture', 'Accountability', 'Cost Awareness', 'Operational Rigour',
];

export const TEAMS = [
  'Service Desk', 'Field Support', 'Network Operations', 'Endpoint Engineering', 'Identity and Access',
  'Cloud Platform', 'Data Centre', 'Security Operations', 'Collaboration Tools', 'Finance Systems',
  'Retail Systems', 'Warehouse Systems', 'Facilities IT', 'Onboarding', 'Asset Management',
  'Print Services', 'Telephony', 'Mobile Devices', 'Backup and Recovery', 'Monitoring',
  'Release Management', 'Vendor Management', 'Knowledge Management', 'Training', 'Major Incident',
];
