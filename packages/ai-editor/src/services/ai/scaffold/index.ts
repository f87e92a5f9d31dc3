/**
 * The offline `scaffold` AI provider: builds apps from templates chosen by the prompt's
 * intent and streams them in the same tagged protocol as a language model. Not a model —
 * its label and `isLanguageModel: false` say so.
 */
export {
  buildScaffoldReply,
  createScaffoldProvider,
  filesFromMessages,
  SCAFFOLD_MODEL_ID,
  SCAFFOLD_PROVIDER_ID,
  type ScaffoldProvider,
  type TScaffoldProviderOptions,
  type TScaffoldReply,
  type TScaffoldStreamOptions,
} from './provider';
export { extractIntent, extractAppName, SCAFFOLD_TEMPLATE_IDS, type TScaffoldIntent, type TScaffoldTemplateId } from './intent';
export { type TScaffoldEntity, type TScaffoldField, type TScaffoldFieldType } from './entities';
export { parseEditRequest, planScaffoldEdit, SUPPORTED_EDITS_HELP, type TScaffoldEditIntent, type TScaffoldEditPlan } from './edit';
export { renderProtocolOutput, type TScaffoldOperation } from './output';
export { renderScaffoldApp, SCAFFOLD_TEMPLATES, type TScaffoldApp, type TScaffoldTemplate } from './templates';
