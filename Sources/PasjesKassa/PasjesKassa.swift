// PasjesKassa
