using System.Text.Json;

namespace Dupstream.Docker;

/// <summary>
/// Reads one array element; the reader stands on its StartObject. Returns false when the buffered data ends
/// before the element does (the caller then refills and starts the element again); on success the reader
/// stands on the element's EndObject.
/// </summary>
internal delegate bool JsonElementReader<T>(ref Utf8JsonReader reader, out T value);
