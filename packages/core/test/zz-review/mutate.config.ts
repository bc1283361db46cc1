import { mergeConfig } from 'vitest/config';
import base from '../../../../vitest.config';
import { mutants } from './mutants';

const id = process.env.MUTANT;
const m = id === undefined ? undefined : mutants[id];
export default mergeConfig(base, {
  root: '/work/main',
  plugins: [
    {
      name: 'mutate',
      enforce: 'pre',
      transform(code: string, file: string) {
        if (m === undefined || !file.endsWith(m.file)) return null;
        if (!code.includes(m.from)) throw new Error(`mutant ${id}: pattern not found in ${file}`);
        return code.replace(m.from, m.to);
      },
    },
  ],
  test: { maxWorkers: 1, include: ['packages/core/test/zz-review/**/*.test.ts'] },
});
