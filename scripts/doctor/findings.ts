// A doctor finding: what is wrong (or only worth knowing), where, and how to fix it.
export type Level = 'error' | 'warning' | 'note';

export interface Finding {
  level: Level;
  /** `.github/workflows/cd.yml`, `Dockerfile`, `variables` */
  where: string;
  message: string;
  fix?: string;
}

export const finding = (level: Level, where: string, message: string, fix?: string): Finding =>
  fix === undefined ? { level, where, message } : { level, where, message, fix };

/** An IAM role ARN in any partition (aws, aws-cn, aws-us-gov); paths allowed. */
export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const ROLE_ARN_EXAMPLE = 'arn:aws:iam::123456789012:role/shop-deploy-production';
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
