/**
 * `--profiles DIR`: the user's agent permission profiles, added to the built-in ones. A malformed file stops the
 * command with one line that names the file and the field.
 */
import { loadAgentProfiles, mergeProfiles, type AgentProfile } from '../../profiles/agent-profiles.ts';

/** The option's declaration for parseOptions. */
export const PROFILES_OPTION = { profiles: { type: 'string' } } as const;

/** Built-in profiles plus those of DIR (when given); throws a one-line ProfileError for a bad file. */
export function profilesOption(dir: string | undefined): readonly AgentProfile[] {
  return dir === undefined ? mergeProfiles([]) : mergeProfiles(loadAgentProfiles(dir));
}
