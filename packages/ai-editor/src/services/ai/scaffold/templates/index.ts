import { type TScaffoldIntent, type TScaffoldTemplateId } from '../intent';
import { blogTemplate } from './blog';
import { crudTemplate } from './crud';
import { dashboardTemplate } from './dashboard';
import { landingTemplate } from './landing';
import { shopTemplate } from './shop';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

export const SCAFFOLD_TEMPLATES: Readonly<Record<TScaffoldTemplateId, TScaffoldTemplate>> = {
  landing: landingTemplate,
  crud: crudTemplate,
  blog: blogTemplate,
  dashboard: dashboardTemplate,
  shop: shopTemplate,
};

/** Builds the app an intent describes. Deterministic: the same intent gives the same files. */
export function renderScaffoldApp(intent: TScaffoldIntent): TScaffoldApp {
  return SCAFFOLD_TEMPLATES[intent.template].render(intent);
}

export type { TScaffoldApp, TScaffoldTemplate } from './types';
