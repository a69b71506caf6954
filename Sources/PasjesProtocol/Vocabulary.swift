// The wire speaks the shared vocabulary (statuses, states, categories, topics, reasons): a
// client of the protocol names `EventTopic.saleCompleted` without knowing which module defines it.
@_exported import PasjesModel
