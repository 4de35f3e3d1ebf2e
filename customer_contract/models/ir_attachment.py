# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from hashlib import sha256

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

from .customer_contract_signature_seal import SIGNATURE_MODELS

# Written on any attachment by the platform without changing the file (the
# link shared with an access token).
SEALED_FREE_FIELDS = frozenset(("access_token",))


class IrAttachment(models.Model):
    """The sealed document of a signed contract or amendment cannot be
    changed nor deleted, whoever asks and however (form, chatter, JSON-RPC,
    ``sudo()`` in a route): only the superuser itself (a migration, a shell)
    can. A write that leaves it as it is (same bytes, same values, e.g. when
    the file store moves it) is let through."""

    _inherit = "ir.attachment"

    def _get_sealed_documents(self):
        """{attachment: the contract or amendment it is the sealed document
        of}, for those of these attachments that are."""
        attachments = self.sudo().filtered(lambda a: a.res_model in SIGNATURE_MODELS)
        sealed = {}
        for model in SIGNATURE_MODELS:
            ids = attachments.filtered(lambda a, m=model: a.res_model == m).ids
            if not ids:
                continue
            documents = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("signed_attachment_id", "in", ids),
                        ("signed_document_sha256", "!=", False),
                    ]
                )
            )
            for document in documents:
                sealed[document.signed_attachment_id] = document
        return sealed

    def _sealed_error(self, document):
        return UserError(
            self.env._(
                'The file "%(file)s" is the sealed document of %(document)s, '
                "signed by both parties: it can be neither changed nor deleted. "
                "Its fingerprint is checked with the Verify button of %(document)s.",
                file=self.name,
                document=document.display_name,
            )
        )

    def _sealed_changes(self, vals, document):
        """Whether ``vals`` would change this sealed attachment."""
        self.ensure_one()
        for name, value in vals.items():
            if name in SEALED_FREE_FIELDS:
                continue
            if name in ("raw", "datas"):
                raw = value
                if name == "datas":
                    raw = base64.b64decode(value or b"")
                if isinstance(raw, str):
                    raw = raw.encode()
                if sha256(raw or b"").hexdigest() != document.signed_document_sha256:
                    return True
                continue
            field = self._fields.get(name)
            if field is None:
                return True
            current = self.sudo()[name]
            if field.type == "many2one":
                current = current.id
            if (current or False) != (value or False):
                return True
        return False

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID and vals.keys() - SEALED_FREE_FIELDS:
            for attachment, document in self._get_sealed_documents().items():
                if attachment._sealed_changes(vals, document):
                    raise attachment._sealed_error(document)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sealed_document(self):
        if self.env.uid == SUPERUSER_ID:
            return
        for attachment, document in self._get_sealed_documents().items():
            raise attachment._sealed_error(document)
