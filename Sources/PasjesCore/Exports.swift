// PasjesCore
