/** Writes docs/config.schema.json from the zod schema; a test fails when it is out of date. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../src/domain/config/schema';

writeFileSync(join(__dirname, '..', 'docs', 'config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
