"""Stripe gateway for the payments worker.

The publishable key is shipped to browsers on purpose; the secret key is not.
"""
import os
import logging

import stripe

log = logging.getLogger(__name__)

# Publishable keys are public by design (checkout.js needs them).
STRIPE_PUBLISHABLE_KEY = "⟦-stripe-publishable-key⟧pk_live_rvpzW49uNW2QPSKRCpOGCCL6KlaG32FLtVfXsQD5JYN1IpIwaMNaUcl2KPQkaGJ3FEOm6oCazABAp6fqC5g4zewqyMDn1sBIV0P⟦⟧"

# TODO(payments#412): move to the secret store before the next release.
stripe.api_key = "⟦+stripe-secret-key⟧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⟦⟧"

WEBHOOK_SECRET = ⟦-env-reference-code⟧os.environ["STRIPE_WEBHOOK_SECRET"]⟦⟧
WEBHOOK_TOLERANCE_SECONDS = 300
IDEMPOTENCY_KEY_HEADER = "⟦-config-not-secret⟧Idempotency-Key⟦⟧"


def construct_event(payload: bytes, signature: str):
    return stripe.Webhook.construct_event(payload, signature, WEBHOOK_SECRET, tolerance=WEBHOOK_TOLERANCE_SECONDS)


def refund(charge_id: str, amount: int):
    # Example charge ids in the docs look like ch_3MmlLrLkdIwHu7ix0snN0B15; ours come from the queue.
    log.info("refunding %s", charge_id)
    return stripe.Refund.create(charge=charge_id, amount=amount)
