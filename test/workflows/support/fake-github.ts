/**
 * An in-memory GitHub for the workflow scripts that call the REST API through actions/github-script: the
 * few Octokit methods they use, with Octokit's shapes (`{ data }` responses, `paginate(method, params)`, a
 * 404 error with `status`), over one repository's issue comments, issues and labels. Every write is logged.
 */

/** A user as the API shows it on a comment or issue. */
export interface FakeUser {
  readonly login: string;
  readonly type: "User" | "Bot";
}

/** An issue or pull-request comment. */
export interface FakeComment {
  readonly id: number;
  readonly issue_number: number;
  body: string;
  readonly user: FakeUser;
}

/** An issue (or a pull request, which the issues API lists too). */
export interface FakeIssue {
  readonly number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string;
  labels: { name: string }[];
  readonly pull_request?: Record<string, unknown>;
}

/** The bot the workflow token acts as. */
export const ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", type: "Bot" };

/** An Octokit response. */
function ok<T>(data: T): Promise<{ data: T }> {
  return Promise.resolve({ data });
}

/** An Octokit request error for a missing resource. */
function notFound(): Promise<never> {
  return Promise.reject(Object.assign(new Error("Not Found"), { status: 404 }));
}

interface RepoParams {
  readonly owner: string;
  readonly repo: string;
}

/** The event context github-script hands the script, for a pull request or a scheduled run. */
export function fakeContext(issueNumber = 0): {
  repo: RepoParams;
  issue: RepoParams & { number: number };
} {
  const repo = { owner: "our-org", repo: "guest-access-config" };
  return { repo, issue: { ...repo, number: issueNumber } };
}

/** A fake GitHub holding one repository. */
export class FakeGitHub {
  readonly comments: FakeComment[] = [];
  readonly issues: FakeIssue[] = [];
  readonly labels = new Map<string, { color: string; description: string }>();
  /** Every write, in order: `createComment #12`, `updateComment 1001`, ... */
  readonly writes: string[] = [];
  private nextId = 1001;
  private nextNumber = 1;

  /** Adds a comment as if someone had posted it. */
  seedComment(issueNumber: number, body: string, user: FakeUser): FakeComment {
    const comment = { id: this.nextId++, issue_number: issueNumber, body, user };
    this.comments.push(comment);
    return comment;
  }

  /** Adds an issue as if someone had opened it. */
  seedIssue(issue: Omit<FakeIssue, "number">): FakeIssue {
    const seeded = { ...issue, number: this.nextNumber++ };
    this.issues.push(seeded);
    return seeded;
  }

  /** Octokit's paginate: every page of a list method (the fake has one page). */
  readonly paginate = async <P, T>(
    method: (params: P) => Promise<{ data: T[] }>,
    params: P,
  ): Promise<T[]> => (await method(params)).data;

  readonly rest = {
    issues: {
      listComments: (p: RepoParams & { issue_number: number }) =>
        ok(this.comments.filter((c) => c.issue_number === p.issue_number)),
      createComment: (p: RepoParams & { issue_number: number; body: string }) => {
        const comment = this.seedComment(p.issue_number, p.body, ACTIONS_BOT);
        this.writes.push(`createComment #${p.issue_number}`);
        return ok(comment);
      },
      updateComment: (p: RepoParams & { comment_id: number; body: string }) => {
        const comment = this.comments.find((c) => c.id === p.comment_id);
        if (!comment) return notFound();
        comment.body = p.body;
        this.writes.push(`updateComment ${p.comment_id}`);
        return ok(comment);
      },
      listForRepo: (p: RepoParams & { state?: string; labels?: string }) => {
        const wanted = (p.labels ?? "").split(",").filter((l) => l !== "");
        return ok(
          this.issues.filter(
            (i) =>
              (p.state === "all" || i.state === (p.state ?? "open")) &&
              wanted.every((l) => i.labels.some((have) => have.name === l)),
          ),
        );
      },
      create: (p: RepoParams & { title: string; body: string; labels?: string[] }) => {
        const unknown = (p.labels ?? []).filter((l) => !this.labels.has(l));
        if (unknown.length > 0)
          return Promise.reject(new Error(`labels do not exist: ${unknown.join(", ")}`));
        const issue = this.seedIssue({
          title: p.title,
          body: p.body,
          state: "open",
          labels: (p.labels ?? []).map((name) => ({ name })),
        });
        this.writes.push(`create #${issue.number}`);
        return ok(issue);
      },
      update: (
        p: RepoParams & {
          issue_number: number;
          body?: string;
          state?: "open" | "closed";
          state_reason?: string;
        },
      ) => {
        const issue = this.issues.find((i) => i.number === p.issue_number);
        if (!issue) return notFound();
        if (p.body !== undefined) issue.body = p.body;
        if (p.state !== undefined) issue.state = p.state;
        if (p.state_reason !== undefined) issue.state_reason = p.state_reason;
        this.writes.push(`update #${p.issue_number}${p.state ? ` ${p.state}` : ""}`);
        return ok(issue);
      },
      getLabel: (p: RepoParams & { name: string }) => {
        const label = this.labels.get(p.name);
        if (!label) return notFound();
        return ok({ name: p.name, ...label });
      },
      createLabel: (p: RepoParams & { name: string; color: string; description: string }) => {
        this.labels.set(p.name, { color: p.color, description: p.description });
        this.writes.push(`createLabel ${p.name}`);
        return ok({ name: p.name });
      },
    },
  };
}
