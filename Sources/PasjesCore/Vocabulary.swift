// The vocabulary (statuses, states, categories, reasons) is part of the ledger's API: a user of
// PasjesCore names `ClientStatus.active` without knowing which module defines it.
@_exported import PasjesModel
