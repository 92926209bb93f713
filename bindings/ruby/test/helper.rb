# frozen_string_literal: true

$LOAD_PATH.unshift File.expand_path('../lib', __dir__)
require 'minitest/autorun'
require 'vipcare'

# Amounts in minor units, as the C tests write them.
module Money
  def m(minor)
    BigDecimal(minor) / 100
  end

  def gold
    m(1_000_000)
  end

  def platinum
    m(5_000_000)
  end

  def sale(engine, id, customer, time, amount)
    engine.add_transaction(id: id, customer: customer, ts: time, amount: amount)
  end

  def refund(engine, id, customer, time, amount, original)
    engine.add_transaction(id: id, customer: customer, ts: time, amount: amount, kind: 'refund',
                           original: original)
  end
end
