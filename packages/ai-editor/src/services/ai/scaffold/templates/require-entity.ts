import { type TScaffoldEntity } from '../entities';
import { type TScaffoldIntent } from '../intent';

/** Data templates need an entity; `extractIntent` always provides one for them. */
export function requireEntity(intent: TScaffoldIntent): TScaffoldEntity {
  if (!intent.entity) {
    throw new Error(`The ${intent.template} template needs an entity, but the intent has none. Build the intent with extractIntent().`);
  }
  return intent.entity;
}
