# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import models

# Context key: the PDF is rendered where no web server serves the report's
# stylesheets to wkhtmltopdf (while modules are installed, e.g. the demo
# data sealing a signed contract): they are written into the page instead.
INLINE_ASSETS_KEY = "customer_contract_inline_report_assets"
STYLESHEET_LINK_RE = re.compile(
    r'<link\b[^>]*\bhref="/web/assets/[^"/]+/([^"/]+\.css)"[^>]*>'
)
# Fonts and images the stylesheets fetch from the server: left out (the
# system's fonts are used), as nothing could serve them.
EXTERNAL_URL_RE = re.compile(r"url\((?!\s*['\"]?data:)[^)]*\)")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        result = super()._prepare_html(html, report_model=report_model)
        if not self.env.context.get(INLINE_ASSETS_KEY) or not result:
            return result
        bodies, res_ids, header, footer, paperformat_args = result
        inline = self._inline_report_stylesheets
        return (
            [inline(body) for body in bodies],
            res_ids,
            inline(header),
            inline(footer),
            paperformat_args,
        )

    def _inline_report_stylesheets(self, html):
        """The page with its stylesheet links replaced by the stylesheets."""
        if not html:
            return html

        def stylesheet(match):
            bundle_name, rtl, _asset_type, autoprefix = self.env[
                "ir.asset"
            ]._parse_bundle_name(match.group(1), False)
            bundle = self.env["ir.qweb"]._get_asset_bundle(
                bundle_name, css=True, js=False, rtl=rtl, autoprefix=autoprefix
            )
            css = bundle.css().raw.decode() if bundle.stylesheets else ""
            return f"<style>{EXTERNAL_URL_RE.sub('url(data:,)', css)}</style>"

        return STYLESHEET_LINK_RE.sub(stylesheet, str(html))
