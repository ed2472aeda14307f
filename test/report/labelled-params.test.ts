import { describe, expect, it } from 'vitest';
import { translateWith } from '../../lambdas/report/translate.ts';

const table = {
  en: { 'x.title': 'Role {role} lacks actions for {type} {job} jobs', 'param.job.backup': 'backup', 'category.iam-trust': 'IAM role trust', 'x.cat': 'points to {category}' },
  ja: { 'x.title': 'ロール {role} には {type} の{job}ジョブに必要なアクションがありません', 'param.job.backup': 'バックアップ', 'category.iam-trust': 'IAM ロールの信頼関係', 'x.cat': '{category} を示しています' },
};

describe('parameters that carry code words', () => {
  it('shows a job type through its label in each language', () => {
    const text = { key: 'x.title', params: { role: 'backup', type: 'EBS', job: 'backup' } };
    expect(translateWith(text, 'ja', table)).toBe('ロール backup には EBS のバックアップジョブに必要なアクションがありません');
    expect(translateWith(text, 'en', table)).toBe('Role backup lacks actions for EBS backup jobs');
  });

  it('shows a category id through its category label', () => {
    expect(translateWith({ key: 'x.cat', params: { category: 'iam-trust' } }, 'ja', table)).toBe('IAM ロールの信頼関係 を示しています');
  });

  it('keeps a value that has no label as it is', () => {
    expect(translateWith({ key: 'x.title', params: { role: 'r', type: 'EBS', job: 'snapshot' } }, 'ja', table)).toContain('EBS のsnapshotジョブ');
  });
});
