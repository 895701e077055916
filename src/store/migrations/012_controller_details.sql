-- Art. 30(1)(a) asks for the controller's name and contact details, and its
-- representative's where Art. 27 applies, not only the DPO's: the
-- organisation gets its address, a general contact (e-mail, phone, web) and
-- its Art. 27 representative (name and contact). The journal's triggers are
-- regenerated in the migration's transaction to follow the new columns.
ALTER TABLE organisation ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN representative_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN representative_contact TEXT NOT NULL DEFAULT '';
