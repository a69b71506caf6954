// PasjesProtocol
