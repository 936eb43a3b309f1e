import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MAX_IDENTIFIERS } from '../../../shared/domain/identifier.js';
import { AppError } from '../../../shared/errors.js';
import { parseFormBody, formValue } from '../forms/form-body.js';
import {
  emptyNewScanForm,
  errorsFromServiceRefusal,
  formNoticeOf,
  readNewScanForm,
  toScanRequest,
  type NewScanFormValues,
} from '../forms/new-scan.form.js';
import type { PageSession } from '../pages/layout.js';
import { NewScanPage, type SourceChoice } from '../pages/new-scan.page.js';
import { ScanListPage } from '../pages/scan-list.page.js';
import type { WebOptions } from '../web-context.js';
import { pageSessionOf, redirectAfterPost, sendPage, sessionOf } from '../web-support.js';

const PAGE_SIZE = 50;
const listQuery = z.object({
  before: z.uuid().optional(),
  notice: z.enum(['deleted']).optional(),
});

/** The list of scans, and starting one. */
export function registerScansRoutes(app: FastifyInstance, options: WebOptions): void {
  const { scans } = options;
  const sourceChoices = (): SourceChoice[] =>
    scans
      .sources()
      .filter((source) => source.enabled)
      .map((source) => ({
        id: source.id,
        name: source.name,
        trust: source.trust === 'hostile' ? 'hostile' : 'neutral',
      }));

  app.get('/scans', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const query = listQuery.safeParse(request.query).data ?? {};
    const page = await scans.list(session.caller, {
      limit: PAGE_SIZE,
      ...(query.before ? { before: query.before } : {}),
    });
    return sendPage(
      reply,
      <ScanListPage
        session={pageSessionOf(session)}
        scans={page}
        olderFrom={page.length === PAGE_SIZE ? page[page.length - 1]!.id : null}
        notice={query.notice ?? null}
      />,
    );
  });

  function sendForm(
    reply: FastifyReply,
    session: PageSession,
    values: NewScanFormValues,
    errors: Record<string, string>,
    status: number,
    notice?: string,
  ) {
    return sendPage(
      reply,
      <NewScanPage
        session={session}
        values={values}
        errors={errors}
        sources={sourceChoices()}
        proxyConfigured={options.proxyConfigured}
        notice={notice}
      />,
      status,
    );
  }

  app.get('/scans/new', { config: { web: 'session' } }, async (request, reply) => {
    const session = pageSessionOf(sessionOf(request));
    const sources = sourceChoices().map((source) => source.id);
    return sendForm(reply, session, emptyNewScanForm(sources), {}, 200);
  });

  app.post('/scans', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseFormBody(request.body);
    const values = readNewScanForm(body);
    // "Add another detail" without JavaScript: the same form back, one empty row longer, no judgement yet.
    if (formValue(body, 'action') === 'add-identifier') {
      if (values.identifiers.length < MAX_IDENTIFIERS)
        values.identifiers.push({ kind: 'handle', value: '', public: false });
      return sendForm(reply, pageSessionOf(session), values, {}, 200);
    }
    const result = toScanRequest(values, options.mode);
    if (!result.ok) return sendForm(reply, pageSessionOf(session), values, result.errors, 400);
    try {
      const created = await scans.create(result.request, session.caller);
      return redirectAfterPost(reply, `/scans/${created.id}`);
    } catch (error) {
      const kinds = values.identifiers.map((row) => row.kind);
      const errors = error instanceof AppError ? errorsFromServiceRefusal(error, result.rowOf, kinds) : null;
      if (errors) return sendForm(reply, pageSessionOf(session), values, errors, 400);
      // About no one field (the queue is down, a fault of ours): the form again, nothing typed lost.
      if (!(error instanceof AppError) || error.statusCode >= 500) {
        request.log.error(
          { err: { name: (error as Error).name, code: (error as AppError).code } },
          'scan not started',
        );
      }
      const notice = formNoticeOf(error);
      return sendForm(reply, pageSessionOf(session), values, {}, notice.status, notice.message);
    }
  });
}
