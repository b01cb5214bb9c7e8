/**
 * Where sent mail comes from, as SQL: message-trace rows (one per recipient, several per message)
 * and the mailbox audit's Send / SendAs / SendOnBehalf records. Both are read as one row source
 * keyed by the message's identity so one message counts once however many recipient rows or audit
 * records it has (docs/peers-and-detections.md B7: Splunk joins the two on InternetMessageId).
 */
import type Database from 'better-sqlite3';

export const SEND_OPERATIONS = ['Send', 'SendAs', 'SendOnBehalf'] as const;

/** Temp table (connection-local, never written to the case file) holding the audited sends. */
export const UAL_SENDS = 'temp.dlens_ual_send';

/**
 * The message identity both sources share: InternetMessageId, lowercased without its angle
 * brackets (trace exports and AuditData differ in case and brackets). Trace rows without one fall
 * back to the trace id; rows with neither stand alone.
 */
export const TRACE_KEY = `coalesce(lower(trim(message_id, '<> ')), lower(trace_id), 'm:' || id)`;

/**
 * Copy the audited sends into a temp table once per run: the sender mailbox is SendAsUserSmtp,
 * SendOnBehalfOfUserSmtp or the mailbox owner (the Splunk rule's resolution), failures excluded.
 * Small next to the trace (one record per message, not per recipient), so json_extract is fine.
 */
export function prepareUalSends(db: Database.Database): void {
  db.exec(`DROP TABLE IF EXISTS ${UAL_SENDS}`);
  db.exec(`
    CREATE TEMP TABLE dlens_ual_send AS
    SELECT id, time, actor, operation,
           lower(coalesce(nullif(trim(json_extract(raw, '$.SendAsUserSmtp')), ''),
                          nullif(trim(json_extract(raw, '$.SendOnBehalfOfUserSmtp')), ''),
                          target)) AS sender,
           coalesce(lower(trim(json_extract(raw, '$.Item.InternetMessageId'), '<> ')), 'a:' || id) AS k,
           json_extract(raw, '$.Item.Subject') AS subject
    FROM audit_event
    WHERE operation IN (${SEND_OPERATIONS.map((o) => `'${o}'`).join(', ')})
      AND lower(coalesce(result_status, '')) NOT IN ('false', 'failed', 'failure')`);
  db.exec(`DELETE FROM ${UAL_SENDS} WHERE sender IS NULL`);
  // SQLite strips the `smtp:` prefix nowhere for us; AuditData sometimes carries it.
  db.exec(`UPDATE ${UAL_SENDS} SET sender = substr(sender, 6) WHERE sender LIKE 'smtp:%'`);
  db.exec(`CREATE INDEX temp.dlens_ual_send_sender ON dlens_ual_send(sender, time)`);
}

/** Start of the UTC hour of an ISO time, as the 13-character prefix `YYYY-MM-DDTHH` maps to. */
export const hourStartIso = (hour: string): string => `${hour}:00:00.000Z`;
export const hourEndIso = (hour: string): string => new Date(Date.parse(hourStartIso(hour)) + 3_600_000).toISOString();
export const hourIndex = (hour: string): number => Math.floor(Date.parse(hourStartIso(hour)) / 3_600_000);
