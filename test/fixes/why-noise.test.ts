/**
 * Output people read carries no internal rows and no repeat of the catalog's generic sentence after a confirmed
 * headline; the ECS PassRole finding names the role behind a session.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { renderJson, renderText } from '../../lambdas/pipeline/report.ts';
import { scenario } from './helpers.ts';

describe('what people read', () => {
  it('leaves out the internal rows "Permission profile" and "Evaluated with", which the JSON keeps', () => {
    // Prepare
    const s = scenario('03-custom-role-missing-actions');
    const d = diagnose(s.event, s.evidence, { now: s.now });
    // Act
    const text = renderText(d, { lang: 'en' });
    const ja = renderText(d, { lang: 'ja' });
    // Assess
    expect(text).not.toMatch(/Permission profile|Evaluated with/);
    expect(ja).not.toMatch(/権限プロファイル|評価方法/);
    expect(renderJson(d, { lang: 'en' })).toContain('"evaluatedWith"');
  });

  it('does not repeat the matched rule\'s generic sentence after a headline a check confirmed', () => {
    // Prepare
    const s = scenario('03-custom-role-missing-actions');
    // Act
    const text = renderText(diagnose(s.event, s.evidence, { now: s.now }), { lang: 'en' });
    // Assess
    expect(text).not.toContain('The job role lacks permissions for this resource type, or the role named does not exist');
  });

  it('names the role, not the session, when an assumed-role session was denied iam:PassRole', () => {
    // Prepare: the launch call of scenario 10 made by a session of role DeployRole
    const s = scenario('10-ecs-passrole-denied');
    const session = 'arn:aws:sts::111122223333:assumed-role/DeployRole/ci-run-4711';
    const trail = (s.evidence.trail ?? []).map((r) => ({
      ...r,
      userArn: session,
      ...(r.errorMessage ? { errorMessage: r.errorMessage.replace(/User: \S+/, `User: ${session}`) } : {}),
    }));
    // Act
    const d = diagnose(s.event, { ...s.evidence, trail }, { now: s.now });
    const top = d.findings.find((f) => f.checkId === 'ecs-passrole')!;
    // Assess
    expect(top.title.params?.caller).toBe('DeployRole');
    expect(top.fix?.command ?? '').not.toContain('ci-run-4711');
  });
});

describe('counts that match their lists', () => {
  it('does not say "lacks 3 action(s)" while listing four action names', () => {
    // Prepare
    const s = scenario('03-custom-role-missing-actions');
    // Act
    const text = renderText(diagnose(s.event, s.evidence, { now: s.now }), { lang: 'en' });
    const headline = text.split('\n')[0]!;
    // Assess: a count, when given, equals the number of action names listed
    const count = /lacks (\d+) action/.exec(headline)?.[1];
    const listed = headline.match(/\b[a-z0-9]+:[A-Za-z]+/g) ?? [];
    if (count !== undefined) expect(Number(count)).toBe(listed.length);
    expect(listed.length).toBeGreaterThan(0);
  });
});
