import { describe, expect, it } from 'vitest';
import { envProblems, envToSend, newEnvRow } from './env-rows';

describe('env rows', () => {
  it('flags bad names, duplicates and required values, and ignores a blank new row', () => {
    const rows = [
      newEnvRow({ name: 'API_KEY', value: 'k' }),
      newEnvRow({ name: 'API_KEY', value: 'again' }),
      newEnvRow({ name: 'lower', value: 'x' }),
      newEnvRow({ name: 'STRIPE_KEY', declared: true, required: true }),
      newEnvRow({ name: 'SAVED', declared: true, required: true, saved: true }),
      newEnvRow(),
    ];
    expect(envProblems(rows)).toEqual([
      { name: 'API_KEY is listed twice.', value: null },
      { name: 'API_KEY is listed twice.', value: null },
      { name: 'Use capitals: LOWER.', value: null },
      { name: null, value: 'The app needs a value for this variable.' },
      { name: null, value: null },
      { name: null, value: null },
    ]);
  });

  it('sends only named rows with a value (an empty saved value is kept server-side)', () => {
    expect(
      envToSend([
        newEnvRow({ name: 'A', value: '1' }),
        newEnvRow({ name: 'B', saved: true }),
        newEnvRow(),
      ]),
    ).toEqual({ A: '1' });
  });
});
