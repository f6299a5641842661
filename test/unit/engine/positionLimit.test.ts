// How many tokens a model reads at once (positionLimit.ts): config.json's count checked by name,
// bounded by the graph's position table, RoBERTa's padding offset taken off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../../src/engine/errors';
import { maxPositions, MAX_POSITIONS } from '../../../src/engine/positionLimit';

const refused = (config: Record<string, unknown>, field: string): void =>
  assert.throws(
    () => maxPositions(config, 'm', 64),
    (e: unknown) => e instanceof EngineError && e.code === 'model-corrupt' && e.message.includes(`config.json's ${field} is `),
  );

describe('maxPositions', () => {
  it('takes the first field the config states, bounded by the graph’s table', () => {
    assert.equal(maxPositions({ n_positions: 1024, n_ctx: 1024 }, 'm', 1024), 1024);
    assert.equal(maxPositions({ max_position_embeddings: 1_000_000 }, 'm', 64), 64);
    assert.equal(maxPositions({ max_position_embeddings: 32 }, 'm', 64), 32, 'a config may use fewer rows than the table holds');
    assert.equal(maxPositions({}, 'm', 77), 77, 'no count stated: the table’s');
    assert.equal(maxPositions({}, 'm', null), 512, 'neither: 512');
    assert.equal(maxPositions({ max_position_embeddings: 4096, max_seq_len: 'n/a' }, 'm', null), 4096, 'a later field is not read');
  });

  it('refuses a count no model has, naming the field', () => {
    for (const value of [0, -5, 2.5, 1e15, MAX_POSITIONS + 1, '512', true, [512]]) refused({ max_position_embeddings: value }, 'max_position_embeddings');
    refused({ n_ctx: -1 }, 'n_ctx');
  });

  it('takes RoBERTa’s padding offset off, and refuses a padding id the table cannot hold', () => {
    assert.equal(maxPositions({ model_type: 'roberta', max_position_embeddings: 514, pad_token_id: 1 }, 'm', 514), 512);
    assert.equal(maxPositions({ model_type: 'roberta', max_position_embeddings: 66 }, 'm', 66), 64);
    refused({ model_type: 'roberta', max_position_embeddings: 66, pad_token_id: 1e9 }, 'pad_token_id');
    refused({ model_type: 'roberta', max_position_embeddings: 66, pad_token_id: -3 }, 'pad_token_id');
  });
});
