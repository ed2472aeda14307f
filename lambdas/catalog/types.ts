/**
 * The shape of the known-message catalog: each rule is data (a pattern, a category, the checks to suspect,
 * a hint in every language and the real AWS texts it was written from).
 */
import type { Category } from '../model/types.ts';
import type { RulePattern } from './pattern.ts';

/** Where a status text came from: an AWS Backup job, an ECS task attachment, an EBS volume notification. */
export type MessageSource = 'backup' | 'ecs' | 'ebs';

/** Job types as AWS Backup names them in events (`backup`, `copy`, `restore`). */
export type CatalogJobType = 'backup' | 'copy' | 'restore';

/** A real AWS message the rule was written from, with the public page that shows it. */
export interface CatalogSample {
  /** The text exactly as published (placeholders and redactions included). */
  readonly text: string;
  /** The URL of the page that shows the text; a corpus id is appended as `#corpus=<id>` when it came from one. */
  readonly source: string;
  /** The corpus entry id, when the sample is also in the shared corpus. */
  readonly corpusId?: string;
}

/** A one-sentence hint: what the message usually means and where to look. */
export interface CatalogHint {
  readonly en: string;
  readonly ja: string;
}

/** One known failure message. */
export interface CatalogRule {
  /** Stable kebab-case id, prefixed by area (backup-, copy-, restore-, vmware-, s3-, ecs-, ebs-, kms-, iam-). */
  readonly id: string;
  readonly category: Category;
  /**
   * Case-insensitive and unanchored: it must tolerate ARNs, ids, placeholders and redactions. Matching must stay
   * linear in the text: "A, then later B" is written `inOrder(/A/, /B/)`, never `/A.*?B/`.
   */
  readonly pattern: RulePattern;
  /** Applies only to these sources (any source when absent). */
  readonly sources?: readonly MessageSource[];
  /** Applies only to these job types (any when absent). */
  readonly jobTypes?: readonly CatalogJobType[];
  /** Applies only to these job states (any when absent). */
  readonly states?: readonly string[];
  /** 0..1: how sure the message alone makes us. The highest-confidence match wins. */
  readonly confidence: number;
  /** Check ids worth running first. */
  readonly suspects: readonly string[];
  readonly hint: CatalogHint;
  readonly samples: readonly CatalogSample[];
}

/** An EC2 API error code that ECS, EBS or AWS Backup passes through, and what it means for us. */
export interface Ec2CodeEntry {
  /** The EC2 error code exactly as the API returns it (e.g. `VolumeTypeNotAvailableInZone`). */
  readonly code: string;
  readonly category: Category;
  readonly confidence: number;
  readonly suspects: readonly string[];
  readonly hint: CatalogHint;
}

/** The catalogs a text can be read against. */
export type ExternalSource = 'aks' | 'ack';

/** A command of a remedy, with the document (and section) it is quoted from. */
export interface ExternalCommand {
  readonly command: string;
  /** Seed file and section, or the shared multicloud file, that shows the command. */
  readonly source: string;
}

/** One known failure of a Kubernetes backup product outside AWS. */
export interface ExternalEntry {
  /** Stable kebab-case id, prefixed by the catalog (aks-, ack-). */
  readonly id: string;
  readonly source: ExternalSource;
  readonly category: Category;
  /** The vendor's error code, exactly as published (matched as a whole word, case-insensitively). */
  readonly code?: string;
  /** For texts without a code: case-insensitive, unanchored, linear. */
  readonly pattern?: RegExp;
  /** 0..1: how sure the text alone makes us. The highest-confidence match wins. */
  readonly confidence: number;
  /** Names the problem, one line. */
  readonly title: CatalogHint;
  /** Why it happens. */
  readonly cause: CatalogHint;
  /** What to do. */
  readonly remedy: CatalogHint;
  /** The exact commands of the remedy, in order. */
  readonly commands: readonly ExternalCommand[];
  /** A manifest or policy the remedy applies, as published. */
  readonly snippet?: ExternalCommand;
  /** The vendor page that defines the error. */
  readonly docs: string;
  /** Seed file + section, or the shared multicloud file, the entry is written from. */
  readonly cites: string;
  /** Texts and codes of the shared catalog files (aks-error-codes.json `code`/`errorMessage`, ack-errors.json `text`) this entry covers. */
  readonly covers: readonly string[];
  /** The real texts the pattern was written from. */
  readonly samples: readonly CatalogSample[];
}
