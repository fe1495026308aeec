"""The model clause set every trust's clause library can start from.

Shaped on the DfE's model "Service level agreement in relation to a trust partnership" (April
2021): a starting point for the trust to review with its own legal advisers, not legal advice.
Defined terms (clause 1.1) are capitalised and used the same way throughout. Bodies use the safe
clause markup (partnerships.markup): blank lines between paragraphs, "- " bullets, "1. " numbered
items and **bold**.
"""

from partnerships.models.terms import ClauseSection

STARTING_POINT = (
    "The model clauses are a starting point. Review them with your trust's own legal advisers and "
    "change them to suit each partnership before you use them."
)

S = ClauseSection

MODEL_CLAUSES: tuple[tuple[int, str, str], ...] = (
    (
        S.DEFINITIONS,
        "Definitions",
        """In this Agreement the following words have these meanings:

- **"Agreement"**: this service level agreement, including Part A (Key information), the terms and conditions and the Schedules.
- **"Business Day"**: a day other than a Saturday, Sunday or public holiday in England.
- **"Confidential Information"**: information of a party, in any form, that is marked as confidential or that a reasonable person would regard as confidential, including information about pupils, staff and finances.
- **"Data Protection Legislation"**: the UK GDPR, the Data Protection Act 2018 and any other law about the processing of personal data that applies in England.
- **"Governing Body"**: the governing body of the School named in Part A (or, where the School is in a federation, the governing body of the federation), acting as a body.
- **"Partnership"**: the trust partnership between the Trust and the Governing Body that this Agreement records.
- **"School"**: the school named in Part A.
- **"Service Charge"**: the charges set out in Schedule 1.
- **"Services"**: the support, objectives and activities set out in Schedule 2.
- **"Term"**: the period from the start date to the end date in Part A, both days included, as extended under the Term and extension section if it is.
- **"Trust"**: the academy trust named in Part A.""",
    ),
    (
        S.DEFINITIONS,
        "Interpretation",
        """1. Headings do not affect the meaning of this Agreement.
2. A reference to a law includes that law as amended or replaced.
3. "Including" and similar words do not limit the words before them.
4. If Part A, the terms and conditions and the Schedules conflict, Part A takes precedence, then the terms and conditions, then the Schedules.""",
    ),
    (
        S.PARTIES,
        "The parties",
        """The parties to this Agreement are the Trust and the Governing Body. The Governing Body enters into this Agreement on behalf of the School. Each party's details are set out in Part A.

Each party confirms that it has the authority to enter into this Agreement and that the person who signs for it is authorised to do so.""",
    ),
    (
        S.TERM,
        "Term",
        """The Partnership begins on the start date and ends on the end date stated in Part A, both days included, unless it is extended or ended earlier under this Agreement. A trust partnership is time-limited and lasts no more than 18 months in total.""",
    ),
    (
        S.TERM,
        "Extension",
        """Part A states whether the Term can be extended. Where it can, the parties may extend it by written agreement, recorded as a variation under the Variation section, to end no later than the date stated in Part A. Where Part A states that the Term cannot be extended, it cannot.""",
    ),
    (
        S.TERM,
        "Academy order or joining a trust during the Term",
        """If during the Term the Secretary of State makes an academy order for the School, or the Governing Body decides that the School will join the Trust or another trust:

- the parties will meet within 20 Business Days to agree how the Services continue until the School converts or joins;
- either party may end this Agreement by giving the notice set out in the Termination section; and
- where the School joins another trust, the Trust will co-operate in handing over information the School needs, subject to the Data Protection section.

Nothing in this Agreement commits the School to joining the Trust or any other trust.""",
    ),
    (
        S.SCOPE,
        "The Services",
        """The Trust will provide the Services described in Schedule 2 with reasonable skill and care, and in line with the objectives and activity plan in that Schedule. The Services focus on teaching and leadership.

The Governing Body remains responsible for the conduct of the School throughout the Term. The Trust does not take on any of the Governing Body's or the headteacher's legal duties.""",
    ),
    (
        S.CHARGES,
        "Service Charge and invoicing",
        """The Governing Body will pay the Service Charge set out in Schedule 1. The Trust will invoice the School on the dates and for the amounts set out in the invoice schedule in Schedule 1, quoting the purchase order number and the School's internal reference given in Part A.""",
    ),
    (
        S.CHARGES,
        "Payment",
        """The Governing Body will pay each undisputed invoice by the payment method and within the number of days stated in Part A. VAT, where it applies, is payable in addition at the rate in force on the invoice date.

If the Governing Body disputes an invoice in good faith it will tell the Trust in writing within 10 Business Days, pay any undisputed part, and the parties will resolve the dispute under the Dispute resolution section.""",
    ),
    (
        S.EXPECTATIONS,
        "Expectations of each party",
        """**The Trust will:**

- provide the Services through suitably qualified and experienced staff;
- share its expertise, policies and training openly with the School; and
- report on progress against the objectives at each review meeting.

**The Governing Body will:**

- give the Trust's staff the access, information and time they reasonably need;
- make sure the headteacher and staff take part in the agreed activities; and
- give due consideration, during the Term, to academisation or joining a trust, through formal consultation where that is required.""",
    ),
    (
        S.GOVERNANCE,
        "Review meetings",
        """The Trust's lead contact and the chair of the Governing Body (or their nominee) will meet at least once each school term to review progress against the objectives in Schedule 2. The Trust will keep a short written record of each meeting and share it with the Governing Body.""",
    ),
    (
        S.CONFIDENTIALITY,
        "Confidentiality",
        """Each party will keep the other's Confidential Information confidential and use it only for the Partnership. This does not apply to information that is already public, that a party must disclose by law (including under the Freedom of Information section), or that is shared with the Department for Education or the local authority as the Partnership requires.""",
    ),
    (
        S.DATA_PROTECTION,
        "Roles of the parties",
        """The Governing Body (or, for personal data the local authority controls, the local authority) is the controller of the personal data the School holds. Where the Trust processes that personal data to provide the Services it does so as the Governing Body's processor, only on the Governing Body's documented instructions, and in line with the Data Protection Legislation.""",
    ),
    (
        S.DATA_PROTECTION,
        "Particulars of the processing",
        """As UK GDPR Article 28(3) requires:

- **Subject matter:** the Services in Schedule 2.
- **Duration:** the Term, and until the personal data is returned or deleted at its end.
- **Nature and purpose:** school improvement support: observing lessons, reviewing pupil progress and attainment data, mentoring staff and benchmarking.
- **Types of personal data:** names, roles and professional records of staff; names, attainment, attendance and special educational needs data of pupils.
- **Categories of data subjects:** pupils, parents and carers, staff and governors of the School.
- **Sub-processors:** none without the Governing Body's prior written consent.""",
    ),
    (
        S.DATA_PROTECTION,
        "The Trust's obligations as processor",
        """The Trust will:

1. keep the personal data secure with appropriate technical and organisational measures;
2. make sure its staff who see the personal data are bound by confidentiality;
3. help the Governing Body respond to requests from data subjects and meet its duties on security, breach notification and impact assessments;
4. tell the Governing Body without undue delay, and within 48 hours, of any personal data breach;
5. at the end of the Term, return or securely delete the personal data, as the Governing Body chooses; and
6. make available the information needed to show that it meets these obligations, and allow audits.""",
    ),
    (
        S.SAFEGUARDING,
        "Safeguarding",
        """The Trust will make sure that everyone it sends to the School has an enhanced Disclosure and Barring Service check, has read Part one of "Keeping children safe in education", and follows the School's safeguarding policy and procedures. The School's designated safeguarding lead remains responsible for safeguarding at the School.""",
    ),
    (
        S.STAFF,
        "Staff",
        """Staff the Trust provides remain employed by the Trust, which is responsible for their pay, conduct and performance. Nothing in this Agreement transfers any employee between the parties.""",
    ),
    (
        S.STAFF,
        "Conflicts of interest",
        """Each party will tell the other promptly of any actual or potential conflict of interest arising from the Partnership, including any interest of a Trust trustee or employee in a decision the Governing Body makes about academisation.""",
    ),
    (
        S.INSURANCE,
        "Insurance",
        """The Trust will hold, throughout the Term, employer's liability, public liability and professional indemnity insurance (or cover under the Risk Protection Arrangement for academies) adequate for the Services, and will show evidence of it on request.""",
    ),
    (
        S.INTELLECTUAL_PROPERTY,
        "Intellectual property",
        """Each party keeps the intellectual property it owns or creates. The Trust grants the Governing Body a free, non-exclusive licence to use materials the Trust provides under this Agreement for the School's own purposes, during and after the Term.""",
    ),
    (
        S.FREEDOM_OF_INFORMATION,
        "Freedom of information",
        """Both parties are public authorities under the Freedom of Information Act 2000. Each will help the other to respond to a request for information about the Partnership and will consult the other before disclosing the other's Confidential Information, but the party that receives the request decides what to disclose.""",
    ),
    (
        S.TERMINATION,
        "Termination by notice",
        """Either party may end this Agreement by giving the other at least one school term's written notice (and no less than 60 days).""",
    ),
    (
        S.TERMINATION,
        "Termination for cause and what follows",
        """Either party may end this Agreement at once by written notice if the other commits a material breach that it does not put right within 20 Business Days of being asked to.

When this Agreement ends the Governing Body pays for the Services provided up to the date it ends, each party returns the other's property and Confidential Information, and the clauses on confidentiality, data protection, intellectual property and liability continue.""",
    ),
    (
        S.LIABILITY,
        "Liability",
        """Neither party limits its liability for death or personal injury caused by its negligence, for fraud, or for anything else the law does not allow it to limit. Otherwise each party's total liability under this Agreement is limited to the total Service Charge, and neither party is liable for indirect or consequential loss.""",
    ),
    (
        S.DISPUTES,
        "Dispute resolution and complaints",
        """The parties will try to resolve any dispute through their lead contacts first, then between the Trust's chief executive and the chair of the Governing Body. If it remains unresolved after 20 Business Days, either party may refer it to mediation by a mediator the parties agree.

Complaints from parents, staff or others about the Services are handled under the School's complaints procedure, with the Trust's co-operation.""",
    ),
    (
        S.NOTICES,
        "Notices",
        """Notices under this Agreement are in writing and sent by email to the lead contacts in Part A, or by post to the addresses in Part A. An email notice is received on the next Business Day after it is sent.""",
    ),
    (
        S.VARIATION,
        "Variation",
        """This Agreement can be changed only by a variation agreed by both parties through the Trust Partnerships service: the Trust proposes it, the Governing Body approves it, and a new version of this Agreement is issued.""",
    ),
    (
        S.ENTIRE_AGREEMENT,
        "Entire agreement",
        """This Agreement is the whole agreement between the parties about the Partnership and replaces any earlier discussions or arrangements about it.""",
    ),
    (
        S.GOVERNING_LAW,
        "Governing law and jurisdiction",
        """This Agreement is governed by the law of England and Wales, and the courts of England and Wales have exclusive jurisdiction over any dispute about it.""",
    ),
)
