# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What every document of the contract suite shares with the others:

* fields owned by the workflow (state, numbers, signatures, bookkeeping),
  which only the business methods may write, whatever the path (a button, a
  wizard, ``write()`` over JSON-RPC, the portal or a cron);
* row locks that wait for another transaction working on the same documents;
* the batched loop of the scheduled actions: locked batches, progress
  committed, records locked by another worker left to it, and a record that
  fails isolated in a savepoint while the run goes on.
"""

import logging
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, clean_context

_logger = logging.getLogger(__name__)

# Key, in the cursor's transaction cache, of what the business methods
# currently running may write: {(model name, record id or None for new)}.
# Unlike a context key, no caller can pass it over RPC.
WORKFLOW_KEY = "customer_contract.workflow"

# A cron meeting rows changed by another worker takes the batch again on a
# fresh snapshot; after so many conflicts in a row, it leaves the rest to its
# next run.
CRON_MAX_CONFLICTS = 10


class CustomerContractWorkflowMixin(models.AbstractModel):
    _name = "customer.contract.workflow.mixin"
    _description = "Contract Workflow: owned fields, row locks, batched crons"

    # ------------------------------------------------------------------
    # Fields owned by the workflow
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        """Fields that only the business methods write (extension point).

        :return: {field name: label of the action(s) that set it, for the
            message of the refusal}
        """
        return {}

    @contextmanager
    def _workflow(self):
        """Let the code inside the block write the workflow fields of these
        records (and create records of this model with them).

        Only the buttons, wizards and crons that own the fields use it: the
        marker lives in the transaction, never in the context.
        """
        cache = self.env.cr.cache
        previous = cache.get(WORKFLOW_KEY, frozenset())
        cache[WORKFLOW_KEY] = (
            previous
            | {(self._name, None)}
            | {(self._name, record_id) for record_id in self.ids}
        )
        try:
            yield self
        finally:
            cache[WORKFLOW_KEY] = previous

    def _workflow_allowed(self, creating=False):
        """Whether the business methods currently running own ``self``."""
        if self.env.uid == SUPERUSER_ID:
            # Data loading and migrations run as the superuser.
            return True
        allowed = self.env.cr.cache.get(WORKFLOW_KEY, frozenset())
        if creating:
            return (self._name, None) in allowed
        return all((self._name, record_id) in allowed for record_id in self.ids)

    def _check_workflow_fields(self, vals, creating=False):
        """Refuse a create or write of workflow fields outside the workflow.

        On create, a value equal to the field's default is accepted (it is
        what the record would get anyway).
        """
        owned = self._get_workflow_fields()
        if creating:
            # A default given in the context (default_<field>) is a value too.
            context = self.env.context
            vals = {
                **{
                    name: context[f"default_{name}"]
                    for name in owned
                    if f"default_{name}" in context
                },
                **vals,
            }
        touched = owned.keys() & vals.keys()
        if not touched or self._workflow_allowed(creating=creating):
            return
        if creating:
            defaults = self.with_context(clean_context(self.env.context)).default_get(
                list(touched)
            )
            touched = {
                name
                for name in touched
                if not (
                    name in defaults and self._same_value(name, defaults[name], vals)
                )
                and not (name not in defaults and not vals[name])
            }
            if not touched:
                return
        # A user without the right to change these records at all is told
        # so first (AccessError), as for any other field.
        if creating:
            self.browse().check_access("create")
        else:
            self.check_access("write")
        name = sorted(touched)[0]
        raise UserError(
            self.env._(
                'The field "%(field)s" of %(model)s is set by the workflow only. '
                "%(action)s",
                field=self._fields[name].get_description(self.env)["string"],
                model=self._description,
                action=owned[name],
            )
        )

    def _same_value(self, name, default, vals):
        field = self._fields[name]
        value = vals[name]
        if field.type == "many2one":
            default = default.id if isinstance(default, models.BaseModel) else default
            value = value.id if isinstance(value, models.BaseModel) else value
        return (default or False) == (value or False)

    # ------------------------------------------------------------------
    # Row locks
    # ------------------------------------------------------------------
    def _lock_rows(self):
        """Wait for the rows of these records and lock them until the end of
        the transaction (FOR NO KEY UPDATE, in the order of their ids, so that
        two transactions never wait for each other).

        A transaction that changed them meanwhile makes this one fail with a
        serialization error, which Odoo retries on a fresh snapshot: the
        values in cache stay those of this transaction's snapshot, so nothing
        needs to be read again. That conflict is expected (two users, a user
        and a cron on the same document): it is not logged as a failed query.
        """
        if not self.ids:
            return
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            ),
            log_exceptions=False,
        )

    def _try_lock_rows(self):
        """Lock the rows of these records that no other transaction holds,
        without waiting (SKIP LOCKED).

        :return: the records locked
        :raise: a serialization failure (not logged) when one of them was
            changed by another transaction since this one's snapshot
        """
        if not self.ids:
            return self
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id "
                "FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                tuple(self.ids),
            ),
            log_exceptions=False,
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda record: record.id in locked)

    # ------------------------------------------------------------------
    # Batched scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_run_steps(self, steps, batch_size=200):
        """Run the steps of a scheduled action in locked, committed batches.

        :param steps: [(domain, method name)]: the method is called on each
            batch of the records matching the domain
        :return: False when the cron ran out of time (it is called again)

        Safe to run twice or in two workers: each batch is the next records
        matching the domain that no other transaction holds, selected and
        locked in one query (rows locked by another worker are left to it),
        so that two workers split the work between them until none is left;
        each record is handled at most once per run. A batch that fails is
        run again record by record, each in a savepoint: the failing records
        are handed to ``_cron_step_failed`` and the others are done.

        A batch meeting rows another worker changed since this transaction
        began (the expected contention of two workers) is rolled back and
        taken again on a fresh snapshot, without an error in the log.
        """
        cron = self.env["ir.cron"]
        cron._commit_progress(
            remaining=sum(self.search_count(domain) for domain, _method in steps)
        )
        for domain, method in steps:
            seen = set()
            conflicts = 0
            while True:
                todo = Domain(domain)
                if seen:
                    todo &= Domain("id", "not in", list(seen))
                try:
                    records = self._cron_lock_batch(todo, batch_size)
                    if not records:
                        break
                    records._cron_run_isolated(method)
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                    # Nothing of the batch is kept (the progress is committed
                    # after each batch): it is taken again on a fresh
                    # snapshot, where the other worker's changes are seen.
                    self.env.cr.rollback()
                    conflicts += 1
                    if conflicts > CRON_MAX_CONFLICTS:
                        _logger.info(
                            "%s: %s left for the next run after %s conflicts "
                            "with other transactions (%s)",
                            self._name,
                            method,
                            conflicts,
                            error.pgcode,
                        )
                        return False
                    continue
                conflicts = 0
                seen.update(records.ids)
                if not cron._commit_progress(len(records)):
                    return False
        return True

    @api.model
    def _cron_lock_batch(self, domain, batch_size):
        """Select and lock the next ``batch_size`` records matching
        ``domain`` that no other transaction holds (SKIP LOCKED), in one
        query: the rows locked are those matching the domain in this
        transaction's snapshot.

        :raise: a serialization failure when a row was changed by another
            transaction since the snapshot (not logged: the caller retries)
        """
        query = self._search(domain, limit=batch_size, order="id")
        sql = SQL(
            "%s FOR NO KEY UPDATE OF %s SKIP LOCKED",
            query.select(SQL.identifier(self._table, "id")),
            SQL.identifier(self._table),
        )
        self.env.flush_query(sql)
        self.env.cr.execute(sql, log_exceptions=False)
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _cron_run_isolated(self, method):
        """Run ``method`` on the batch; if it fails, once more record by
        record, each in a savepoint, to isolate the failing ones.

        :return: (records done, records failed)
        """
        try:
            with self.env.cr.savepoint():
                getattr(self, method)()
            return self, self.browse()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # Another transaction changed these rows: the run is retried.
            raise
        except Exception as error:  # noqa: BLE001 - isolated below
            if len(self) == 1:
                self._cron_step_failed(method, error)
                return self.browse(), self
        done = failed = self.browse()
        for record in self:
            try:
                with self.env.cr.savepoint():
                    getattr(record, method)()
                done |= record
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise
            except Exception as error:  # noqa: BLE001 - recorded, the run goes on
                record._cron_step_failed(method, error)
                failed |= record
        return done, failed

    def _cron_step_failed(self, method, error):
        """A scheduled step failed for this record (extension point: record
        the reason on it, tell its owner). The record is left for the next
        run."""
        self.ensure_one()
        _logger.warning(
            "%s: step %s failed for %s: %s",
            self._name,
            method,
            self.display_name,
            error,
            exc_info=not isinstance(error, UserError),
        )
