# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the attack and access tests of the contract addons."""

import json

from odoo.exceptions import AccessError, UserError, ValidationError

# A refusal, whatever its kind: access rights, record rules, business rules.
REFUSALS = (AccessError, UserError, ValidationError)


class AccessMatrixMixin:
    """Check an access matrix written as a table in the test.

    ``table`` is a text, one line per role and model::

        # role            model                         read write create unlink
        contract_user     customer.contract             Y    Y     Y      Y
        portal_other      customer.contract             N    N     N      N

    ``users``: {role: res.users}; ``probes``: {model: probe} where a probe is
    a dict with the keys ``record`` (the record to read, write and unlink),
    ``write`` (values of a harmless write) and ``create`` (a function of the
    role's user returning the values of a create). Every cell is tried in a
    savepoint, rolled back whatever happens; a cell whose answer differs from
    the table is reported, and all differing cells fail the test together.
    """

    OPERATIONS = ("read", "write", "create", "unlink")

    def _matrix_try(self, user, model, probe, operation):
        """Try one operation as ``user``: True if allowed, False if refused."""
        record = probe["record"].with_user(user)
        try:
            with self.env.cr.savepoint(flush=True) as savepoint:
                if operation == "read":
                    record.check_access("read")
                    # Fields a user sees: reading them must not raise either.
                    record.read(probe.get("fields", ["display_name"]))
                elif operation == "write":
                    record.write(probe["write"])
                    record.flush_recordset()
                elif operation == "create":
                    created = (
                        self.env[model].with_user(user).create(probe["create"](user))
                    )
                    created.flush_recordset()
                else:
                    record.unlink()
                    self.env.flush_all()
                savepoint.close(rollback=True)
        except REFUSALS:
            return False
        finally:
            self.env.invalidate_all()
        return True

    def assertAccessMatrix(self, table, users, probes):
        mismatches = []
        for line in table.strip().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            role, model, *answers = line.split()
            self.assertEqual(
                len(answers), len(self.OPERATIONS), f"malformed line: {line}"
            )
            for operation, answer in zip(self.OPERATIONS, answers, strict=True):
                if answer == "-":
                    continue
                allowed = self._matrix_try(users[role], model, probes[model], operation)
                if allowed != (answer == "Y"):
                    mismatches.append(
                        f"{role} {operation} {model}: expected "
                        f"{'allowed' if answer == 'Y' else 'refused'}, got "
                        f"{'allowed' if allowed else 'refused'}"
                    )
        self.assertFalse(mismatches, "\n".join(mismatches))


class RpcRefused(Exception):
    """An error answered over JSON-RPC: ``name`` is the exception's class
    (``odoo.exceptions.UserError``...), the message is what the user reads."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class JsonRpcProbeMixin:
    """Call models as the web client and external clients do (``HttpCase``)."""

    def call_kw(self, model, method, args, kwargs=None):
        """Call ``model.method(*args, **kwargs)`` over JSON-RPC as the user
        authenticated in the test (``self.authenticate``).

        :raises RpcRefused: with the error's class and message
        """
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        # Written by hand: NaN and Infinity are valid to Python's JSON, which
        # the server parses, and an attacker may send them.
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload, allow_nan=True),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"].get("data") or {}
            raise RpcRefused(
                data.get("name", ""), data.get("message", decoded["error"])
            )
        return decoded.get("result")

    def assertRpcRefused(self, model, method, args, pattern, kwargs=None):
        """The call is refused with a message matching ``pattern``.

        :return: the refusal (its ``name`` and ``message``)
        """
        with self.assertRaises(RpcRefused) as caught:
            self.call_kw(model, method, args, kwargs)
        self.assertRegex(caught.exception.message, pattern)
        return caught.exception
