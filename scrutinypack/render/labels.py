"""Words shown for the content's codes, shared by every renderer."""

STATUS_LABELS = {"proposed": "Proposed", "consultation": "Out to consultation",
                 "approved": "Approved", "rejected": "Rejected", "withdrawn": "Withdrawn",
                 "delivered": "Delivered"}
