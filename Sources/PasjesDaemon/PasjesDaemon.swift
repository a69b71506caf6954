// PasjesDaemon
