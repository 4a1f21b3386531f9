// IAM policy documents as JSON (identity-based and trust policies), and the options that scope them.

export type StringOrList = string | string[];
export type ConditionBlock = Record<string, Record<string, StringOrList>>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: StringOrList;
  Resource?: StringOrList;
  Principal?: Record<string, StringOrList>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/** What a policy is scoped to; `*` where the caller did not say (a note on stderr says so). */
export interface PolicyScope {
  partition: string;
  account: string;
  region: string;
  cluster: string;
  services: string[];
  families: string[];
  ecrRepositories: string[];
  /** Role names iam:PassRole may pass (the task and execution roles). */
  passRoles: string[];
  logGroups: string[];
  secrets: string[];
  ssmParameters: string[];
}
