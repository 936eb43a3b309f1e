import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { REMEDIATION_STATUSES } from '../../../shared/report/report.schema.js';
import { findingAnchor } from '../../../shared/report/report.view.js';
import { formValue, parseFormBody } from '../forms/form-body.js';
import { DeleteScanPage } from '../pages/delete-scan.page.js';
import { ReportPage } from '../pages/report.page.js';
import { ScanProgressPage } from '../pages/scan-progress.page.js';
import { toScanProgress } from '../scan-progress.js';
import { revealKey, type WebSession } from '../session/web-sessions.js';
import type { WebOptions } from '../web-context.js';
import {
  findingParamsOf,
  pageSessionOf,
  redirectAfterPost,
  scanIdOf,
  sendPage,
  sessionOf,
} from '../web-support.js';
import { registerScanEventsRoute } from './scan-events.route.js';

const reportQuery = z.object({ saved: z.string().max(128).optional() });
const remediationForm = z.object({ status: z.enum(REMEDIATION_STATUSES) });

/**
 * One scan's pages: its progress (with live updates), its report with the per-finding actions, the
 * evidence pack, and deletion behind a confirmation. Every one of them asks the scan service with the
 * session's caller first, so another organisation's scan is the 404 page on each.
 */
export function registerScanRoutes(app: FastifyInstance, options: WebOptions): void {
  const { scans, sessions } = options;
  const sourceNames = () => new Map(scans.sources().map((source) => [source.id, source.name]));

  app.get('/scans/:id', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const status = await scans.status(scanIdOf(request), session.caller);
    return sendPage(
      reply,
      <ScanProgressPage
        session={pageSessionOf(session)}
        progress={toScanProgress(status, sourceNames())}
        reference={status.reference}
        createdAt={status.createdAt}
      />,
    );
  });

  registerScanEventsRoute(app, options);

  /** The report page; `problem` is a status form sent back, shown beside its finding. */
  async function sendReport(
    reply: FastifyReply,
    session: WebSession,
    id: string,
    state: { saved: string | null; problem?: { findingId: string; message: string } },
    statusCode = 200,
  ) {
    const status = await scans.status(id, session.caller);
    const report = await scans.report(id, session.caller);
    if (state.problem && !report.findings.some((finding) => finding.id === state.problem!.findingId)) {
      throw new AppError('FINDING_NOT_FOUND', "findingId: no such finding in this scan's report");
    }
    const revealed = new Set(
      report.findings
        .map((finding) => finding.id)
        .filter((findingId) => session.revealed.has(revealKey(id, findingId))),
    );
    return sendPage(
      reply,
      <ReportPage
        session={pageSessionOf(session)}
        report={report}
        reference={status.reference}
        revealed={revealed}
        savedFindingId={state.saved}
        statusProblem={state.problem ?? null}
        canExport={options.evidence !== undefined}
      />,
      statusCode,
    );
  }

  app.get('/scans/:id/report', { config: { web: 'session' } }, async (request, reply) => {
    const saved = reportQuery.safeParse(request.query).data?.saved ?? null;
    return sendReport(reply, sessionOf(request), scanIdOf(request), { saved });
  });

  app.post(
    '/scans/:id/findings/:findingId/reveal',
    { config: { web: 'session' } },
    async (request, reply) => {
      const session = sessionOf(request);
      const { id, findingId } = findingParamsOf(request);
      // Audited by the service (who, when, which finding): only then is it shown.
      await scans.recordReveal(id, findingId, session.caller);
      await sessions.markRevealed(session, id, findingId);
      return redirectAfterPost(reply, `/scans/${id}/report#${findingAnchor(findingId)}`);
    },
  );

  app.post(
    '/scans/:id/findings/:findingId/remediation',
    { config: { web: 'session' } },
    async (request, reply) => {
      const session = sessionOf(request);
      const { id, findingId } = findingParamsOf(request);
      const parsed = remediationForm.safeParse({ status: formValue(parseFormBody(request.body), 'status') });
      // The select only offers valid statuses: say so beside the finding, and change nothing.
      if (!parsed.success) {
        const message = 'Please choose where things stand from the list, then save again.';
        return sendReport(reply, session, id, { saved: null, problem: { findingId, message } }, 400);
      }
      await scans.setRemediation(id, findingId, parsed.data.status, session.caller);
      return redirectAfterPost(
        reply,
        `/scans/${id}/report?saved=${encodeURIComponent(findingId)}#${findingAnchor(findingId)}`,
      );
    },
  );

  const { evidence } = options;
  if (evidence) {
    // Making a pack starts Chromium (screenshots, the PDF): a few a minute, as the API allows.
    app.post(
      '/scans/:id/export',
      { config: { web: 'session', rateLimit: { max: 6, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const session = sessionOf(request);
        const pack = await evidence.exportPack(scanIdOf(request), session.caller);
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="${pack.fileName}"`)
          .send(Buffer.from(pack.bytes.buffer, pack.bytes.byteOffset, pack.bytes.byteLength));
      },
    );
  }

  // Runs again what an ended scan left undone; one already running again just shows its progress.
  app.post('/scans/:id/resume', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const id = scanIdOf(request);
    try {
      await scans.resume(id, session.caller);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'SCAN_STILL_RUNNING')) throw error;
    }
    return redirectAfterPost(reply, `/scans/${id}`);
  });

  app.get('/scans/:id/delete', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const id = scanIdOf(request);
    const status = await scans.status(id, session.caller);
    return sendPage(
      reply,
      <DeleteScanPage
        session={pageSessionOf(session)}
        scanId={id}
        reference={status.reference}
        createdAt={status.createdAt}
      />,
    );
  });

  app.post('/scans/:id/delete', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    await scans.delete(scanIdOf(request), session.caller);
    return redirectAfterPost(reply, '/scans?notice=deleted');
  });
}
