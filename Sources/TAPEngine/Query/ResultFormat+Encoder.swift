import VOTable

/// Something made from the row encoder a format writes with. Generic, so that each encoder stays a concrete type
/// in the row loop (no existential dispatch per cell).
protocol RowEncoderConsumer {
    associatedtype Output
    func consume<Encoder: RowEncoder>(_ encoder: Encoder) -> Output
}

extension ResultFormat {
    /// The one place a format's row encoder is chosen; `consumer` gets it.
    func withEncoder<Consumer: RowEncoderConsumer>(fields: [Field], _ consumer: Consumer) -> Consumer.Output {
        switch self {
        case .votable(.tabledata): consumer.consume(TableDataEncoder(fields: fields))
        case .votable(let serialization): consumer.consume(BinaryEncoder(fields: fields, serialization: serialization))
        case .csv: consumer.consume(SeparatedValuesEncoder(dialect: .csv))
        case .tsv: consumer.consume(SeparatedValuesEncoder(dialect: .tsv))
        case .json: consumer.consume(JSONRowEncoder())
        // The rows go to a log on disk, counted before the document is written (countsRowsFirst).
        case .fits: consumer.consume(FITSCellLog(fields: fields))
        }
    }
}
