import { type TScaffoldIntent, type TScaffoldTemplateId } from '../intent';

/** A generated app: its files and what a person should see when it runs. */
export interface TScaffoldApp {
  template: TScaffoldTemplateId;
  /** Project-relative path → file content. */
  files: Record<string, string>;
  /** Pages worth checking in a browser and the text each one shows once its data has loaded. */
  checks: { path: string; texts: string[] }[];
  /** One sentence for the prose reply: what was built. */
  description: string;
  /** Runtime packages the app imports (all from the platform's runtime set). */
  dependencies: string[];
}

export interface TScaffoldTemplate {
  id: TScaffoldTemplateId;
  /** Shown in prose: "landing page", "CRUD app"… */
  title: string;
  render(intent: TScaffoldIntent): TScaffoldApp;
}

export interface TNavLink {
  to: string;
  label: string;
}
