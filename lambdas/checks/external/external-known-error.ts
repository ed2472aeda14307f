/**
 * Is the error of an AKS or ACK backup one the catalog knows? The answer names the cause, the remedy with its
 * exact commands (each marked with the document it comes from) and the vendor's page. A code in Azure's own
 * user-error form that the catalog does not know is named as such; anything else stays unknown.
 */
import { externalEntry, userErrorCode, USER_ERROR_RULE_ID } from '../../catalog/external.ts';
import { AKS_DOCS } from '../../catalog/rules/aks.ts';
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts, fail, msg, notApplicable } from '../support/finding.ts';
import { factMessages } from '../../model/fact-labels.ts';

const META = { id: 'external-known-error', category: 'unknown' } as const;
const FACTS = factMessages(['externalSource', 'errorCode', 'k8sCluster', 'k8sReason', 'alertRule', 'deliveredBy']);

function objectOf(ctx: CheckContext): string {
  const x = ctx.event.external;
  return x?.cluster && x.resource ? `${x.resource} (${x.cluster})` : (x?.resource ?? x?.cluster ?? ctx.event.id);
}

function factsOf(ctx: CheckContext, code?: string): ReturnType<typeof facts> {
  const x = ctx.event.external;
  return facts({
    externalSource: x?.source ?? x?.cloud,
    errorCode: code ?? x?.code,
    resource: x?.resource,
    k8sCluster: x?.cluster,
    k8sReason: x?.reason,
    alertRule: x?.alertRule,
    deliveredBy: x?.format,
  });
}

/**
 * Reads the catalog's verdict on an external failure into a finding.
 * @see https://learn.microsoft.com/en-us/azure/backup/azure-kubernetes-service-backup-troubleshoot
 * @see https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/faq-about-the-backup-center
 */
export const externalKnownError: Check = {
  ...META,
  appliesTo: ['external'],
  messages: {
    en: {
      'external-known-error.unmatched': 'No catalog entry matches this message',
      'external-known-error.uncatalogued.fix':
        'The code follows Azure Backup\'s user-error naming, so the fix is on the user side; read the code and the message as sent, and look the code up in the AKS Backup troubleshooting guide.',
      ...FACTS.en,
    },
    ja: {
      'external-known-error.unmatched': 'このメッセージに一致するカタログ項目はありません',
      'external-known-error.uncatalogued.fix':
        'コードが Azure Backup のユーザーエラーの命名に従っているため、対処はユーザー側にあります。送られてきたコードとメッセージをそのまま確認し、AKS バックアップのトラブルシューティング ガイドでコードを調べてください。',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const { classification } = ctx;
    const object = objectOf(ctx);
    // One root cause: one catalog entry (or one unknown code) in one cluster, or on one resource outside a cluster.
    const where = ctx.event.external?.cluster ?? ctx.event.external?.resource ?? '';
    const entry = externalEntry(classification.ruleId);
    const subject = `${where}#${entry?.id ?? classification.ruleId}`;
    if (entry) {
      const command = entry.commands.map((c) => `# ${c.source}\n${c.command}`).join('\n');
      return fail(META, {
        category: entry.category,
        title: { key: `catalog.${entry.id}.title`, params: { object } },
        detail: { key: `catalog.${entry.id}.hint` },
        facts: factsOf(ctx, entry.code),
        fix: {
          summary: { key: `catalog.${entry.id}.remedy` },
          ...(command ? { command } : {}),
          ...(entry.snippet ? { snippet: entry.snippet.command } : {}),
          docs: entry.docs,
        },
        confidence: entry.confidence,
        subject,
      });
    }
    if (classification.ruleId === USER_ERROR_RULE_ID) {
      const code = userErrorCode(`${ctx.event.external?.code ?? ''} ${ctx.event.statusMessage ?? ''}`) ?? '?';
      return fail(META, {
        category: 'unknown',
        title: { key: `catalog.${USER_ERROR_RULE_ID}.title`, params: { code, object } },
        detail: { key: `catalog.${USER_ERROR_RULE_ID}.hint` },
        facts: factsOf(ctx, code),
        fix: { summary: msg(META, 'uncatalogued.fix'), docs: AKS_DOCS },
        confidence: 0.3,
        subject: `${where}#${code}`,
      });
    }
    return notApplicable(META, { title: msg(META, 'unmatched'), facts: factsOf(ctx) });
  },
};
