/** Names both sides of the language server agree on: commands, code action kinds, custom messages. */

/** Client command the "Disable <rule> for this line..." quick fix runs: asks for a reason, inserts the comment. */
export const ADD_SUPPRESSION_COMMAND = 'competencyGuides.addSuppression';

export interface AddSuppressionArguments {
  uri: string;
  /** Zero-based line to insert the comment above. */
  line: number;
  indent: string;
  ruleId: string;
  reasonRequired: boolean;
}

export const FIX_ALL_KIND = 'source.fixAll.competencyGuides';
