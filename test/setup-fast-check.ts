/**
 * Every fast-check property in the suite runs from one fixed seed, so the full check gives the same
 * answer on every run. `FC_SEED=<number>` replays a reported failure; `FC_SEED=random` explores new
 * cases (do that when changing a generator, and add any counterexample it finds as a regression).
 */
import * as fc from 'fast-check';

const requested = process.env.FC_SEED;
if (requested !== 'random') {
  const seed = requested === undefined || requested === '' ? 20261206 : Number(requested);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FC_SEED must be an integer or "random"; got ${JSON.stringify(requested)}.`);
  }
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
