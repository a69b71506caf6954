// pasjes-kassa: the cashier's terminal screen. Parse, build, run (see KassaCommandLine).
KassaCommandLine.main()
