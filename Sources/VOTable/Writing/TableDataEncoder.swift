import XMLEscaping

/// Writes rows as TABLEDATA (VOTable 1.4 §5.1) into a byte buffer that the caller drains.
///
/// For each row call `beginRow()`, then exactly one `append…` per field, in field order, then `endRow()`. A null
/// cell is an empty TD (VOTable 1.4 §5.5), which for array and string columns is the same as an empty value.
/// Nothing here allocates per cell: numbers are formatted into the buffer, text is escaped straight into it.
///
/// The caller checks `buffer.count` after `endRow()` and, once it passes its threshold (say 64 KiB), takes the
/// bytes out with `drain()`.
public struct TableDataEncoder: Sendable {
    var output: RowBuffer
    /// The bytes written and not yet drained.
    public var buffer: [UInt8] { output.bytes }
    /// The number of cells each row must have.
    public let fieldCount: Int
    // Counted in all builds (one add per cell) but only checked by assert, in debug builds.
    private var cellsInRow = 0

    /// Creates an encoder for rows of `fields`; `initialCapacity` bytes are reserved up front and after each drain.
    public init(fields: [Field], initialCapacity: Int = 72 * 1024) {
        self.fieldCount = fields.count
        self.output = RowBuffer(reserving: initialCapacity)
    }

    /// Opens a row: `<TR>`.
    @inline(__always)
    public mutating func beginRow() {
        output.beginRow()
        cellsInRow = 0
        output.bytes.appendLiteral("<TR>")
    }

    /// Closes a row: `</TR>` and a newline.
    @inline(__always)
    public mutating func endRow() {
        assert(cellsInRow == fieldCount, "row has \(cellsInRow) cells for \(fieldCount) fields")
        output.bytes.appendLiteral("</TR>\n")
        output.endRow()
    }

    /// Removes the row begun last and not ended (e.g. when reading it failed), so that the buffer ends after a whole
    /// row; after `endRow` there is none to remove. Only what is still in the buffer can be removed: drain between
    /// rows, not inside one.
    public mutating func discardPartialRow() {
        output.discardOpenRow()
        cellsInRow = 0
    }

    /// Returns the buffered bytes and leaves the buffer empty, its capacity kept for the next batch.
    public mutating func drain() -> [UInt8] {
        output.drain()
    }

    // MARK: Cells

    /// A null cell: `<TD/>`.
    @inline(__always)
    public mutating func appendNull() {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD/>")
    }

    /// A `boolean` cell: `T` or `F` (VOTable 1.4 §6).
    @inline(__always)
    public mutating func append(_ value: Bool) {
        cellsInRow &+= 1
        if value {
            output.bytes.appendLiteral("<TD>T</TD>")
        } else {
            output.bytes.appendLiteral("<TD>F</TD>")
        }
    }

    /// An integer cell (`unsignedByte`, `short`, `int`, `long`) in decimal.
    @inline(__always)
    public mutating func append(_ value: Int64) {
        cellsInRow &+= 1
        // "<TD>", at most 20 digits and "</TD>" built on the stack and appended in one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            let end = scratch.baseAddress! + 32
            let closing = end - 5
            closing.initialize(from: Self.closeTD, count: 5)
            let digits = NumberFormatting.writeDecimal(value, endingBefore: closing)
            let start = digits - 4
            start.initialize(from: Self.openTD, count: 4)
            output.bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    /// A `double` cell in the shortest form that reads back to the same value; `NaN`, `+Inf`, `-Inf` for specials.
    @inline(__always)
    public mutating func append(_ value: Double) {
        cellsInRow &+= 1
        if value.isFinite {
            appendFiniteCell(value)
        } else {
            output.bytes.appendLiteral("<TD>")
            NumberFormatting.appendDouble(value, to: &output.bytes)
            output.bytes.appendLiteral("</TD>")
        }
    }

    /// A `float` cell in the shortest form that reads back to the same Float; `NaN`, `+Inf`, `-Inf` for specials.
    @inline(__always)
    public mutating func append(_ value: Float) {
        cellsInRow &+= 1
        if value.isFinite {
            appendFiniteCell(value)
        } else {
            output.bytes.appendLiteral("<TD>")
            NumberFormatting.appendFloat(value, to: &output.bytes)
            output.bytes.appendLiteral("</TD>")
        }
    }

    /// Writes `<TD>`, the number's shortest round-trip digits and `</TD>` on the stack, then appends them in one copy.
    @inline(__always)
    private mutating func appendFiniteCell<Number: BinaryFloatingPoint & TextOutputStreamable>(_ value: Number) {
        // The longest shortest-round-trip Double is 24 characters ("-2.2250738585072014e-308"), a Float's fewer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { scratch in
            let base = scratch.baseAddress!
            base.initialize(from: Self.openTD, count: 4)
            var sink = ScratchSink(base: base, capacity: 43, count: 4)
            value.write(to: &sink)
            (base + sink.count).initialize(from: Self.closeTD, count: 5)
            output.bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: sink.count &+ 5))
        }
    }

    /// A `char` or `unicodeChar` cell from UTF-8 bytes, XML-escaped (see `XMLEscape`). Leading and trailing white
    /// space is kept: it is significant in string cells (VOTable 1.4 §5.1).
    @inline(__always)
    public mutating func appendText(_ utf8: UnsafeRawBufferPointer) {
        cellsInRow &+= 1
        guard let base = utf8.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            output.bytes.appendLiteral("<TD></TD>")
            return
        }
        let count = utf8.count
        let firstSpecial = XMLEscape.firstSpecialIndex(base, from: 0, count: count, attribute: false)
        if firstSpecial == count && count <= Self.shortTextLength {
            // The common case, short text needing no escapes: the whole cell in one copy.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.shortTextLength + 9) { scratch in
                let cell = scratch.baseAddress!
                cell.initialize(from: Self.openTD, count: 4)
                (cell + 4).initialize(from: base, count: count)
                (cell + 4 + count).initialize(from: Self.closeTD, count: 5)
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: cell, count: count &+ 9))
            }
        } else {
            output.bytes.appendLiteral("<TD>")
            XMLEscape.append(base, count: count, firstSpecial: firstSpecial, attribute: false, to: &output.bytes)
            output.bytes.appendLiteral("</TD>")
        }
    }

    /// A `char` or `unicodeChar` cell, XML-escaped.
    @inline(__always)
    public mutating func appendText(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendText(UnsafeRawBufferPointer($0)) }
        if done == nil {
            // Bridged or otherwise non-contiguous strings: withUTF8 makes a contiguous copy.
            var copy = string
            copy.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
        }
    }

    /// A `double` array cell, values separated by one space: DALI points (2 values), circles (3), polygons (2n),
    /// `doubleComplex` (2). An empty array is written as an empty cell, which TABLEDATA cannot tell from null.
    public mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendDouble)
        output.bytes.appendLiteral("</TD>")
    }

    /// An `adql:REGION` cell (char) holding a polygon given by its DALI vertices, as STC-S:
    /// `Polygon ICRS ra1 dec1 ra2 dec2 ...`, the numbers written as in `double` cells.
    public mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        NumberFormatting.appendPolygonRegion(values, to: &output.bytes)
        output.bytes.appendLiteral("</TD>")
    }

    /// A `float` array cell, values separated by one space.
    public mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendFloat)
        output.bytes.appendLiteral("</TD>")
    }

    /// An integer array cell, values separated by one space.
    public mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendDecimal)
        output.bytes.appendLiteral("</TD>")
    }

    /// A DALI timestamp cell (`datatype="char" arraysize="*" xtype="timestamp"`, DALI 1.1 §3.3.3):
    /// `YYYY-MM-DDThh:mm:ss`, then `.` and the microseconds without trailing zeros when they are not 0, then `Z`
    /// when `utc` is true — which DALI allows for civil times only (e.g. a job's end), never for astronomical ones.
    public mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int = 0, utc: Bool = false
    ) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        TimestampFormatting.appendTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, utc: utc, to: &output.bytes)
        output.bytes.appendLiteral("</TD>")
    }

    /// A DALI timestamp cell holding a date only: `YYYY-MM-DD`.
    public mutating func appendDate(year: Int, month: Int, day: Int) {
        cellsInRow &+= 1
        output.bytes.appendLiteral("<TD>")
        TimestampFormatting.appendDate(year: year, month: month, day: day, to: &output.bytes)
        output.bytes.appendLiteral("</TD>")
    }

    // Text up to this many bytes is assembled with its tags on the stack.
    private static var shortTextLength: Int {
        119
    }

    private static var openTD: UnsafePointer<UInt8> {
        ("<TD>" as StaticString).utf8Start
    }

    private static var closeTD: UnsafePointer<UInt8> {
        ("</TD>" as StaticString).utf8Start
    }
}
