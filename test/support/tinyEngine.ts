// A new engine on the tiny BERT fixture for one test, disposed after it (engine unit tests).
import { Engine } from '../../src/engine/engine';
import { fixture, scratch } from './paths';

/** Runs `test` on a new engine with the tiny BERT, which it disposes after. */
export async function withEngine(test: (engine: Engine, model: string) => Promise<void>): Promise<void> {
  const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
  try {
    await test(engine, fixture('tiny-bert'));
  } finally {
    await engine.dispose();
  }
}
