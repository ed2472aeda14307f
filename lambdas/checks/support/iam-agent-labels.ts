/**
 * Labels of the agent profiles' purposes and of a list's basis (`param.purpose.<en>`, `param.inferred.<value>`),
 * so that a Japanese report names the purpose in Japanese. A user profile's purpose is shown as written.
 */
import type { Messages } from '../../model/types.ts';
import { BUILTIN_AGENT_PROFILES } from '../../../profiles/agent-profiles.ts';

/** Labels for the purposes of the built-in profiles and for the list's basis, so that Japanese reads Japanese. */
function purposeLabels(): Messages {
  const en: Record<string, string> = { 'param.inferred.inferred': 'inferred list', 'param.inferred.documented': 'documented list' };
  const ja: Record<string, string> = { 'param.inferred.inferred': '推定の一覧', 'param.inferred.documented': '文書に記載された一覧' };
  for (const p of BUILTIN_AGENT_PROFILES) {
    for (const r of p.requirements) {
      en[`param.purpose.${r.purpose.en}`] = r.purpose.en;
      ja[`param.purpose.${r.purpose.en}`] = r.purpose.ja;
    }
  }
  return { en, ja };
}
/** The labels, once. */
export const AGENT_PROFILE_MESSAGES: Messages = purposeLabels();
