// PasjesCard
